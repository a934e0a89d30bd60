package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The project's own manifests, two levels up from tests/unit/deploy.
const realFolder = "../../../deploy/kubernetes"

func realOptions() Options {
	return Options{Docs: []string{filepath.Join(realFolder, "..", "README.md")}}
}

func TestRealManifestsPass(t *testing.T) {
	report := Check(realFolder, realOptions())
	wantPass(t, report)
	if report.Documents == 0 {
		t.Error("no document was checked")
	}
}

// realWith is a copy of the real folder with old replaced by new in one of its files.
func realWith(t *testing.T, file, old, new string) string {
	t.Helper()
	root := copyFolder(t, realFolder)
	path := filepath.Join(root, filepath.FromSlash(file))
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(text), old, new, 1)
	if changed == string(text) {
		t.Fatalf("the real %s has no %q to replace", file, old)
	}
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// A typo in the real Deployment is caught: the copy differs from the real folder by one letter pair.
func TestTypoInRealDeploymentFails(t *testing.T) {
	root := realWith(t, "topology/deployment.yaml", "      containers:", "      contianers:")
	wantProblem(t, Check(root, realOptions()), "topology/deployment.yaml", 1, `unknown field "spec.template.spec.contianers"`)
}

func TestRealFolderWithoutDefaultDenyFails(t *testing.T) {
	root := realWith(t, "networkpolicy.yaml", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n", "  podSelector: {}\n  policyTypes: [Ingress]\n")
	wantProblem(t, Check(root, realOptions()), "archiver/deployment-eu.yaml", 1, `namespace "causeway" has no default-deny`)
}

func TestRealTopologyServingPlaintextFails(t *testing.T) {
	root := realWith(t, "topology/deployment.yaml", "            - name: CAUSEWAY_TLS_CERT\n              value: /etc/causeway/tls/tls.crt\n", "")
	wantProblem(t, Check(root, realOptions()), "topology/deployment.yaml", 1, `container "topology"`, "--tls-cert (or env CAUSEWAY_TLS_CERT) is not set")
}

func TestRealGatewayTokenFileOffItsSecretFails(t *testing.T) {
	root := realWith(t, "gateway/deployment.yaml", "value: /var/run/secrets/causeway/topology/token", "value: /var/lib/causeway/token")
	wantProblem(t, Check(root, realOptions()), "gateway/deployment.yaml", 1, "env CAUSEWAY_TOPOLOGY_TOKEN_FILE", `volume "state", which is not a Secret`)
}

func copyFolder(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

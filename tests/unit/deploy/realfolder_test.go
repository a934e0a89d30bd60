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

// A typo in the real Deployment is caught: the copy differs from the real folder by one letter pair.
func TestTypoInRealDeploymentFails(t *testing.T) {
	root := copyFolder(t, realFolder)
	path := filepath.Join(root, "topology", "deployment.yaml")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	typo := strings.Replace(string(text), "      containers:", "      contianers:", 1)
	if typo == string(text) {
		t.Fatal("the real deployment.yaml has no `      containers:` line to misspell")
	}
	if err := os.WriteFile(path, []byte(typo), 0o644); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, Check(root, realOptions()), "topology/deployment.yaml", 1, `unknown field "spec.template.spec.contianers"`)
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

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small folder that passes every check; each test breaks one thing in it.
const (
	fixtureKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
  - app.yaml
images:
  - name: causeway-demo
    newTag: "1.0"
`
	// Three documents: Deployment, Service, Secret.
	fixtureApp = `# the demo app
apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo
spec:
  replicas: 2
  selector:
    matchLabels: {app: demo}
  template:
    metadata:
      labels: {app: demo}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "7071"
    spec:
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: demo
          image: causeway-demo:dev
          ports:
            - {name: grpc, containerPort: 7070}
            - {name: http, containerPort: 7071}
          env:
            - name: CAUSEWAY_PG_DSN
              valueFrom:
                secretKeyRef: {name: demo-db, key: dsn}
          readinessProbe:
            grpc: {port: 7070}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
---
apiVersion: v1
kind: Service
metadata:
  name: demo
spec:
  selector: {app: demo}
  ports:
    - {name: grpc, port: 7070, targetPort: grpc}
    - {name: http, port: 7071}
---
apiVersion: v1
kind: Secret
metadata:
  name: demo-db
stringData:
  dsn: postgresql://demo@db/demo
`
)

// writeFolder lays files (relative path -> content) out in a fresh temporary folder.
func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// fixtureWith is the fixture folder with old replaced by new in one of its files.
func fixtureWith(t *testing.T, file, old, new string) string {
	t.Helper()
	files := map[string]string{"kustomization.yaml": fixtureKustomization, "app.yaml": fixtureApp}
	if !strings.Contains(files[file], old) {
		t.Fatalf("fixture %s has no %q to replace", file, old)
	}
	files[file] = strings.Replace(files[file], old, new, 1)
	return writeFolder(t, files)
}

func fixture(t *testing.T) string {
	return writeFolder(t, map[string]string{"kustomization.yaml": fixtureKustomization, "app.yaml": fixtureApp})
}

// wantProblem fails unless the report has a problem at file/doc whose message contains every part.
func wantProblem(t *testing.T, report Report, file string, doc int, parts ...string) {
	t.Helper()
	for _, p := range report.Problems {
		if p.File != file || p.Doc != doc {
			continue
		}
		all := true
		for _, part := range parts {
			all = all && strings.Contains(p.Msg, part)
		}
		if all {
			return
		}
	}
	t.Errorf("want a problem at %s (document %d) mentioning %q; got:\n%s", file, doc, parts, describe(report))
}

func wantPass(t *testing.T, report Report) {
	t.Helper()
	if len(report.Problems) > 0 || !report.CrossChecked {
		t.Errorf("want no problem; got:\n%s", describe(report))
	}
}

func describe(report Report) string {
	var lines []string
	for _, p := range report.Problems {
		lines = append(lines, "  "+p.String())
	}
	if len(lines) == 0 {
		return "  (none)"
	}
	return strings.Join(lines, "\n")
}

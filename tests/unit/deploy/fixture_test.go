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
  - network.yaml
  - services.yaml
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
	// Default-deny, then one policy per workload: demo, topology and gateway.
	fixtureNetwork = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: demo
spec:
  podSelector:
    matchLabels: {app: demo}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {role: frontend}}
      ports:
        - {protocol: TCP, port: grpc}
  egress:
    - to:
        - podSelector: {matchLabels: {app: topology}}
      ports:
        - {protocol: TCP, port: 7070}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: topology
spec:
  podSelector:
    matchLabels: {app: topology}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: gateway}}
      ports:
        - {protocol: TCP, port: 7070}
  egress:
    - ports:
        - {protocol: TCP, port: 5432}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: gateway
spec:
  podSelector:
    matchLabels: {app: gateway}
  policyTypes: [Ingress, Egress]
  ingress:
    - ports:
        - {protocol: TCP, port: 7080}
  egress:
    - to:
        - podSelector: {matchLabels: {app: topology}}
      ports:
        - {protocol: TCP, port: 7070}
`
	// causeway-topology serving TLS from a Secret in the folder, and causeway-gateway reaching it
	// with a CA and a token file from Secrets created outside it (documented, or optional).
	fixtureServices = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: topology
spec:
  selector:
    matchLabels: {app: topology}
  template:
    metadata:
      labels: {app: topology}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: topology
          image: registry.example/causeway-topology:1.0
          args: [serve, --tls-client-ca=/etc/tls/ca.crt]
          ports:
            - {name: grpc, containerPort: 7070}
          env:
            - {name: CAUSEWAY_TLS_CERT, value: /etc/tls/tls.crt}
            - {name: CAUSEWAY_TLS_KEY, value: /etc/tls/tls.key}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts:
            - {name: tls, mountPath: /etc/tls, readOnly: true}
            - {name: tmp, mountPath: /etc/tls/scratch}
      volumes:
        - name: tls
          secret: {secretName: topology-tls}
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Secret
metadata:
  name: topology-tls
type: kubernetes.io/tls
stringData:
  tls.crt: CERTIFICATE
  tls.key: KEY
  ca.crt: CA
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
spec:
  selector:
    matchLabels: {app: gateway}
  template:
    metadata:
      labels: {app: gateway}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: gateway
          image: causeway-gateway:dev
          ports:
            - {name: grpc, containerPort: 7080}
          env:
            - {name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}
            - {name: CAUSEWAY_TOPOLOGY_TOKEN_FILE, value: /run/token/token}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts:
            - {name: ca, mountPath: /etc/ca}
            - {name: token, mountPath: /run/token}
      volumes:
        - name: ca
          projected:
            sources:
              - secret:
                  name: topology-tls
                  items: [{key: ca.crt, path: ca.crt}]
        - name: token
          secret:
            secretName: gateway-token
            optional: true
`
)

// fixtureFiles is the passing folder, file name -> content.
func fixtureFiles() map[string]string {
	return map[string]string{"kustomization.yaml": fixtureKustomization, "app.yaml": fixtureApp,
		"network.yaml": fixtureNetwork, "services.yaml": fixtureServices}
}

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

// fixtureWith is the fixture folder with, in one of its files, each old replaced by its new (given
// as old, new pairs, applied in order).
func fixtureWith(t *testing.T, file string, oldNew ...string) string {
	t.Helper()
	files := fixtureFiles()
	for i := 0; i+1 < len(oldNew); i += 2 {
		old, new := oldNew[i], oldNew[i+1]
		if !strings.Contains(files[file], old) {
			t.Fatalf("fixture %s has no %q to replace", file, old)
		}
		files[file] = strings.Replace(files[file], old, new, 1)
	}
	return writeFolder(t, files)
}

// fixturePlus is the fixture folder with extra files; those named in listed join the kustomization's
// resources.
func fixturePlus(t *testing.T, extra map[string]string, listed ...string) string {
	t.Helper()
	files := fixtureFiles()
	for name, content := range extra {
		files[name] = content
	}
	for _, name := range listed {
		files["kustomization.yaml"] = strings.Replace(files["kustomization.yaml"], "resources:\n",
			"resources:\n  - "+name+"\n", 1)
	}
	return writeFolder(t, files)
}

func fixture(t *testing.T) string {
	return writeFolder(t, fixtureFiles())
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

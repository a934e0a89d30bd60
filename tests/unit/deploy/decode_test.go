package main

import "testing"

// Strict decoding: what a lenient `kubectl apply` would drop silently or a cluster refuse, fails here.

func TestFixturePasses(t *testing.T) {
	wantPass(t, Check(fixture(t), Options{}))
}

func TestMisspelledFieldFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "      containers:", "      contianers:")
	report := Check(root, Options{})
	wantProblem(t, report, "app.yaml", 1, "strict decoding error", `unknown field "spec.template.spec.contianers"`)
	if report.CrossChecked {
		t.Error("cross-document checks ran although a document did not decode")
	}
}

func TestFieldInWrongCaseFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  replicas: 2", "  Replicas: 2")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `unknown field "spec.Replicas"`)
}

func TestWrongTypeFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "replicas: 2", `replicas: "two"`)
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "spec.replicas", "int32")
}

func TestWrongTypeDeepInsideFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "containerPort: 7070", "containerPort: [7070]")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "containerPort")
}

func TestInvalidQuantityFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "memory: 128Mi", "memory: 128 megs")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "quantities must match")
}

func TestDuplicateFieldFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  replicas: 2\n", "  replicas: 2\n  replicas: 3\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `"replicas" already set`)
}

func TestErrorNamesTheDocumentOfAMultiDocumentFile(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "    - {name: grpc, port: 7070, targetPort: grpc}", "    - {name: grpc, prot: 7070, targetPort: grpc}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 2, `unknown field "spec.ports[0].prot"`)
}

func TestUnknownKindFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "kind: Deployment", "kind: Deploymnet")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "Deploymnet")
}

func TestRemovedAPIVersionFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "apiVersion: apps/v1", "apiVersion: extensions/v1beta1")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "extensions/v1beta1")
}

func TestMissingKindFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "kind: Service\n", "")
	wantProblem(t, Check(root, Options{}), "app.yaml", 2, "apiVersion and kind are both required")
}

func TestMisspelledKustomizationFieldFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "resources:", "resource:")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, `unknown field "resource"`)
}

func TestKustomizationWrongTypeFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "resources:\n  - app.yaml", "resources: app.yaml")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, "resources")
}

func TestKustomizationDuplicateFieldFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "namespace: shop\n", "namespace: shop\nnamespace: shop\n")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, `"namespace" already set`)
}

func TestKustomizationOfAnotherAPIVersionFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, "apiVersion")
}

func TestEmptyDocumentsAreSkipped(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "# the demo app\n", "---\n# nothing here\n---\n")
	wantPass(t, Check(root, Options{}))
}

func TestEmptyFolderFails(t *testing.T) {
	report := Check(t.TempDir(), Options{})
	if len(report.Problems) == 0 {
		t.Error("an empty folder passed")
	}
}

package main

import "testing"

// Checks across documents: what decodes fine one document at a time but cannot work together.

func TestProbeOnUndeclaredPortFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "grpc: {port: 7070}", "grpc: {port: 7072}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `container "demo"`, "readinessProbe.grpc.port 7072")
}

func TestProbeOnUndeclaredPortNameFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "port: http}", "port: metrics}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "livenessProbe.httpGet.port metrics")
}

func TestSelectorNotMatchingTemplateFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "matchLabels: {app: demo}", "matchLabels: {app: dmeo}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "Deployment shop/demo", "does not match the pod template")
}

func TestServiceSelectingNoPodsFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  selector: {app: demo}", "  selector: {app: demo-api}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 2, "Service shop/demo", "matches the pods of no workload")
}

func TestServiceTargetingUndeclaredPortFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "{name: http, port: 7071}", "{name: http, port: 8080}")
	wantProblem(t, Check(root, Options{}), "app.yaml", 2, `port "http" targets 8080`)
}

func TestPrometheusPortNotDeclaredFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", `prometheus.io/port: "7071"`, `prometheus.io/port: "9090"`)
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "prometheus.io/port")
}

func TestUnknownSecretFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "secretKeyRef: {name: demo-db,", "secretKeyRef: {name: demo-pg,")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "env CAUSEWAY_PG_DSN", "shop/demo-pg")
}

func TestSecretDocumentedInReadmePasses(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "secretKeyRef: {name: demo-db,", "secretKeyRef: {name: demo-pg,")
	docs := writeFolder(t, map[string]string{"README.md": "Create the Secret `demo-pg` with key `dsn` first.\n"})
	wantPass(t, Check(root, Options{Docs: []string{docs + "/README.md"}}))
}

func TestSecretWithoutTheKeyFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  dsn: postgresql", "  url: postgresql")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `has no key "dsn"`)
}

func TestSecretInAnotherNamespaceFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  name: demo-db\n", "  name: demo-db\n  namespace: other\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "shop/demo-db")
}

func TestGraceNotAboveDrainFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 20")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "terminationGracePeriodSeconds 20", "20 s drain")
}

func TestDrainFlagIsReadForTheGraceCheck(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          ports:\n", "          args: [serve, --drain-seconds=45]\n          ports:\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "terminationGracePeriodSeconds 30", "45 s drain")
}

func TestRootContainerFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "runAsNonRoot: true", "runAsNonRoot: false")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "runAsNonRoot must be true")
}

func TestWritableRootFilesystemFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "readOnlyRootFilesystem")
}

func TestMissingResourcesFail(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "            limits: {memory: 128Mi}\n", "")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "resources.limits.memory")
}

func TestDuplicateObjectFails(t *testing.T) {
	root := fixturePlus(t, map[string]string{
		"again.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: demo\nspec:\n  ports: [{port: 7070}]\n",
	}, "again.yaml")
	wantProblem(t, Check(root, Options{}), "app.yaml", 2, "Service shop/demo is also defined in again.yaml (document 1)")
}

func TestManifestMissingFromKustomizationFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "  - app.yaml\n", "  - app.yaml\n  - gone.yaml\n")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, `resource "gone.yaml" does not exist`)
}

func TestManifestNotInKustomizationFails(t *testing.T) {
	root := fixturePlus(t, map[string]string{
		"extra/sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: demo\n"})
	wantProblem(t, Check(root, Options{}), "extra/sa.yaml", 0, "not listed")
}

func TestExampleManifestNeedNotBeListed(t *testing.T) {
	root := fixturePlus(t, map[string]string{
		"sa.example.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: demo\n"})
	wantPass(t, Check(root, Options{}))
}

func TestKustomizationImageNobodyUsesFails(t *testing.T) {
	root := fixtureWith(t, "kustomization.yaml", "name: causeway-demo", "name: causeway-dmeo")
	wantProblem(t, Check(root, Options{}), "kustomization.yaml", 1, `"causeway-dmeo"`)
}

func TestNamespaceDisagreeingWithKustomizationFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "  name: demo\nspec:\n  replicas", "  name: demo\n  namespace: shop-2\nspec:\n  replicas")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `namespace "shop-2"`)
}

func TestDisruptionBudgetBlockingEveryEvictionFails(t *testing.T) {
	root := fixturePlus(t, map[string]string{
		"pdb.yaml": `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: demo
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: demo}
`,
	}, "pdb.yaml")
	wantProblem(t, Check(root, Options{}), "pdb.yaml", 1, "allows no voluntary eviction")
}

func TestDisruptionBudgetCoveringNoPodsFails(t *testing.T) {
	root := fixturePlus(t, map[string]string{
		"pdb.yaml": `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: demo
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: demo-api}
`,
	}, "pdb.yaml")
	wantProblem(t, Check(root, Options{}), "pdb.yaml", 1, "matches the pods of no workload")
}

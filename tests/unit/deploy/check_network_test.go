package main

import "testing"

// Network isolation: a default-deny in the namespace, a policy of its own for every workload in both
// directions, no rule that opens everything, and rule ports that exist where they lead.

func TestNamespaceWithoutDefaultDenyFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
		"  podSelector: {}\n  policyTypes: [Ingress]\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, `namespace "shop" has no default-deny NetworkPolicy`)
}

func TestDefaultDenyWithARuleIsNoDefaultDeny(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "  policyTypes: [Ingress, Egress]\n---",
		"  policyTypes: [Ingress, Egress]\n  ingress:\n    - from: [{podSelector: {}}]\n---")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "no default-deny NetworkPolicy")
}

func TestWorkloadWithoutPolicyOfItsOwnFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "    matchLabels: {app: demo}\n", "    matchLabels: {app: demo-api}\n")
	report := Check(root, Options{})
	wantProblem(t, report, "app.yaml", 1, "Deployment shop/demo", "restricts ingress")
	wantProblem(t, report, "app.yaml", 1, "Deployment shop/demo", "restricts egress")
}

func TestNamespaceWidePolicyIsNoWorkloadsOwn(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "  podSelector:\n    matchLabels: {app: demo}\n", "  podSelector: {}\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "Deployment shop/demo", "non-empty podSelector", "restricts ingress")
}

func TestIngressOnlyPolicyLeavesEgressOpen(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "    matchLabels: {app: demo}\n  policyTypes: [Ingress, Egress]\n",
		"    matchLabels: {app: demo}\n  policyTypes: [Ingress]\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "Deployment shop/demo", "restricts egress")
}

func TestOmittedPolicyTypesWithEgressRulesRestrictBoth(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "    matchLabels: {app: demo}\n  policyTypes: [Ingress, Egress]\n",
		"    matchLabels: {app: demo}\n")
	wantPass(t, Check(root, Options{}))
}

func TestIngressRuleAllowingEverythingFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "    - ports:\n        - {protocol: TCP, port: 7080}\n", "    - {}\n")
	wantProblem(t, Check(root, Options{}), "network.yaml", 4, "NetworkPolicy shop/gateway", "ingress rule 1 allows every connection")
}

func TestEgressRuleToEverywhereFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "    - ports:\n        - {protocol: TCP, port: 5432}\n",
		"    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n")
	wantProblem(t, Check(root, Options{}), "network.yaml", 3, "NetworkPolicy shop/topology", "egress rule 1 allows every connection")
}

func TestIngressPortNotDeclaredByThePodsFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "port: grpc}", "port: grcp}")
	wantProblem(t, Check(root, Options{}), "network.yaml", 2, "ingress rule 1", "port grcp is not a port of Deployment shop/demo")
}

func TestEgressToPodsOfNoWorkloadFails(t *testing.T) {
	root := fixtureWith(t, "network.yaml", "        - podSelector: {matchLabels: {app: topology}}", "        - podSelector: {matchLabels: {app: topolgy}}")
	wantProblem(t, Check(root, Options{}), "network.yaml", 2, "egress rule 1", "app=topolgy matches the pods of no workload")
}

func TestEgressPortNotDeclaredAtTheDestinationFails(t *testing.T) {
	// The demo calls topology on 7071, which topology's container does not declare.
	root := fixtureWith(t, "network.yaml", "        - {protocol: TCP, port: 7070}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: topology",
		"        - {protocol: TCP, port: 7071}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: topology")
	wantProblem(t, Check(root, Options{}), "network.yaml", 2, "egress rule 1", "port 7071 is not a port of Deployment shop/topology")
}

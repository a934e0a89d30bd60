package main

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Network isolation: in every namespace that runs pods, a default-deny NetworkPolicy cuts all
// traffic, and each workload has a policy of its own (a non-empty podSelector) that opens what it
// serves and calls, for ingress and for egress. A namespace-wide policy ({} selector) does not
// count as a workload's own: it says nothing about what that workload needs.

type networkPolicy struct {
	doc       document
	id        string
	namespace string
	policy    *networkingv1.NetworkPolicy
	selector  labels.Selector // nil when the podSelector does not parse
}

func (f *folder) networkPolicies() ([]networkPolicy, []Problem) {
	var policies []networkPolicy
	var problems []Problem
	for _, d := range f.docs {
		np, ok := d.obj.(*networkingv1.NetworkPolicy)
		if !ok {
			continue
		}
		ns := f.namespaceOf(d)
		p := networkPolicy{doc: d, id: objectID(np, ns), namespace: ns, policy: np}
		selector, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
		if err != nil {
			problems = append(problems, problemAt(d, "%s: podSelector: %v", p.id, err))
		} else {
			p.selector = selector
		}
		policies = append(policies, p)
	}
	return policies, problems
}

// restricts says which directions the policy isolates the pods it selects in. Kubernetes' defaults
// when policyTypes is omitted: Ingress always, Egress when there are egress rules.
func (p networkPolicy) restricts(t networkingv1.PolicyType) bool {
	types := p.policy.Spec.PolicyTypes
	if len(types) == 0 {
		return t == networkingv1.PolicyTypeIngress ||
			(t == networkingv1.PolicyTypeEgress && len(p.policy.Spec.Egress) > 0)
	}
	for _, have := range types {
		if have == t {
			return true
		}
	}
	return false
}

// isDefaultDeny: every pod of the namespace, both directions, nothing allowed.
func (p networkPolicy) isDefaultDeny() bool {
	return p.selector != nil && p.selector.Empty() &&
		p.restricts(networkingv1.PolicyTypeIngress) && p.restricts(networkingv1.PolicyTypeEgress) &&
		len(p.policy.Spec.Ingress) == 0 && len(p.policy.Spec.Egress) == 0
}

// ownPolicyOf: the policy names the workload's pods specifically.
func (p networkPolicy) ownPolicyOf(w workload) bool {
	return p.namespace == w.namespace && p.selector != nil && !p.selector.Empty() &&
		p.selector.Matches(labels.Set(w.template.Labels))
}

func (f *folder) checkNetworkPolicies() []Problem {
	policies, problems := f.networkPolicies()

	denied := map[string]bool{}
	for _, p := range policies {
		if p.isDefaultDeny() {
			denied[p.namespace] = true
		}
	}
	reported := map[string]bool{}
	for _, w := range f.workloads {
		if !denied[w.namespace] && !reported[w.namespace] {
			reported[w.namespace] = true
			problems = append(problems, problemAt(w.doc, "namespace %q has no default-deny NetworkPolicy "+
				"(podSelector {}, policyTypes [Ingress, Egress], no rules), so %s and every pod "+
				"added later accept and open any connection", w.namespace, w.id))
		}
		for _, t := range []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress} {
			restricted := false
			for _, p := range policies {
				restricted = restricted || (p.ownPolicyOf(w) && p.restricts(t))
			}
			if !restricted {
				problems = append(problems, problemAt(w.doc, "%s: no NetworkPolicy selecting its pods "+
					"(by a non-empty podSelector) restricts %s", w.id, strings.ToLower(string(t))))
			}
		}
	}
	for _, p := range policies {
		problems = append(problems, f.policyRuleProblems(p)...)
	}
	return problems
}

// policyRuleProblems: no rule opens everything, and the ports a rule names exist on the pods they
// lead to (a port name or number no container declares matches nothing, silently).
func (f *folder) policyRuleProblems(p networkPolicy) []Problem {
	var problems []Problem
	report := func(format string, args ...any) {
		problems = append(problems, problemAt(p.doc, "%s: %s", p.id, fmt.Sprintf(format, args...)))
	}
	var selected []workload
	if p.selector != nil && !p.selector.Empty() {
		for _, w := range f.workloads {
			if p.ownPolicyOf(w) {
				selected = append(selected, w)
			}
		}
	}
	for i, rule := range p.policy.Spec.Ingress {
		where := fmt.Sprintf("ingress rule %d", i+1)
		if len(rule.From) == 0 && len(rule.Ports) == 0 {
			report("%s allows every connection from anywhere: name the peers (from) or the ports", where)
		}
		for _, msg := range undeclaredPorts(rule.Ports, selected) {
			report("%s: %s", where, msg)
		}
	}
	for i, rule := range p.policy.Spec.Egress {
		where := fmt.Sprintf("egress rule %d", i+1)
		if len(rule.Ports) == 0 && (len(rule.To) == 0 || anyPeerIsEverywhere(rule.To)) {
			report("%s allows every connection to anywhere: name the peers (to) or the ports", where)
		}
		destinations, local := f.localPeers(p.namespace, rule.To)
		for _, msg := range destinations.problems {
			report("%s: %s", where, msg)
		}
		if local {
			for _, msg := range undeclaredPorts(rule.Ports, destinations.workloads) {
				report("%s: %s", where, msg)
			}
		}
	}
	return problems
}

func anyPeerIsEverywhere(peers []networkingv1.NetworkPolicyPeer) bool {
	for _, peer := range peers {
		if peer.IPBlock != nil && (peer.IPBlock.CIDR == "0.0.0.0/0" || peer.IPBlock.CIDR == "::/0") &&
			len(peer.IPBlock.Except) == 0 {
			return true
		}
	}
	return false
}

type peerWorkloads struct {
	workloads []workload
	problems  []string
}

// localPeers resolves the peers that are pods of the policy's own namespace (a podSelector alone)
// to the workloads in the folder; local is true when every peer is such a selector, so that the
// rule's ports can be checked against those workloads.
func (f *folder) localPeers(namespace string, peers []networkingv1.NetworkPolicyPeer) (peerWorkloads, bool) {
	var out peerWorkloads
	local := len(peers) > 0
	for _, peer := range peers {
		if peer.PodSelector == nil || peer.NamespaceSelector != nil || peer.IPBlock != nil {
			local = false
			continue
		}
		selector, err := metav1.LabelSelectorAsSelector(peer.PodSelector)
		if err != nil {
			out.problems = append(out.problems, fmt.Sprintf("podSelector: %v", err))
			local = false
			continue
		}
		matched := 0
		for _, w := range f.workloads {
			if w.namespace == namespace && selector.Matches(labels.Set(w.template.Labels)) {
				out.workloads = append(out.workloads, w)
				matched++
			}
		}
		if matched == 0 {
			out.problems = append(out.problems, fmt.Sprintf("podSelector %s matches the pods of no workload in namespace %q",
				selector, namespace))
			local = false
		}
	}
	return out, local
}

// undeclaredPorts: each port of the rule is declared by some container of the workloads it leads to
// (numbers with an endPort are ranges and are not checked).
func undeclaredPorts(ports []networkingv1.NetworkPolicyPort, to []workload) []string {
	if len(to) == 0 {
		return nil
	}
	var problems []string
	for _, port := range ports {
		if port.Port == nil || port.EndPort != nil {
			continue
		}
		protocol := corev1.ProtocolTCP
		if port.Protocol != nil {
			protocol = *port.Protocol
		}
		if protocol != corev1.ProtocolTCP {
			continue // the services serve TCP only; UDP rules (DNS) lead elsewhere
		}
		var missing []string
		for _, w := range to {
			if !anyContainerHasPort(w.servingContainers(), port.Port.String()) {
				missing = append(missing, w.id)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			problems = append(problems, fmt.Sprintf("port %s is not a port of %s, so it matches nothing there",
				port.Port.String(), strings.Join(missing, ", ")))
		}
	}
	return problems
}

package main

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Causeway's services drain for --drain-seconds / CAUSEWAY_DRAIN_SECONDS (default 20) on SIGTERM;
// the pod's grace period must outlast that or the kubelet kills the drain.
const (
	causewayImagePrefix    = "causeway-"
	causewayDrainEnv       = "CAUSEWAY_DRAIN_SECONDS"
	causewayDrainFlag      = "--drain-seconds"
	causewayDefaultDrain   = 20
	kubernetesDefaultGrace = 30
	prometheusScrapeAnnot  = "prometheus.io/scrape"
	prometheusPortAnnot    = "prometheus.io/port"
)

func (f *folder) checkWorkload(w workload) []Problem {
	var problems []Problem
	report := func(format string, args ...any) {
		problems = append(problems, problemAt(w.doc, "%s: %s", w.id, fmt.Sprintf(format, args...)))
	}
	spec := w.template.Spec

	if w.selector != nil {
		selector, err := metav1.LabelSelectorAsSelector(w.selector)
		switch {
		case err != nil:
			report("selector: %v", err)
		case selector.Empty():
			report("selector is empty")
		case !selector.Matches(labels.Set(w.template.Labels)):
			report("selector %s does not match the pod template's labels", selector)
		}
	}
	if len(spec.Containers) == 0 {
		report("no containers")
	}

	for _, rc := range w.containers() {
		c := rc.container
		where := fmt.Sprintf("container %q", c.Name)
		if rc.role == roleInit {
			where = fmt.Sprintf("init container %q", c.Name)
		}
		for _, msg := range probePortProblems(c) {
			report("%s: %s", where, msg)
		}
		for _, msg := range securityProblems(spec.SecurityContext, c) {
			report("%s: %s", where, msg)
		}
		for _, msg := range resourceProblems(c) {
			report("%s: %s", where, msg)
		}
		for _, msg := range f.literalSecretProblems(w, c) {
			report("%s: %s", where, msg)
		}
		for _, msg := range f.secretFileProblems(w, rc) {
			report("%s: %s", where, msg)
		}
		for _, ref := range containerSecretRefs(c) {
			if msg := f.secretRefProblem(w.namespace, ref); msg != "" {
				report("%s: %s", where, msg)
			}
		}
		if rc.role == roleMain && strings.HasPrefix(path.Base(imageName(c.Image)), causewayImagePrefix) {
			drain, err := drainSeconds(c)
			grace := int64(kubernetesDefaultGrace)
			if spec.TerminationGracePeriodSeconds != nil {
				grace = *spec.TerminationGracePeriodSeconds
			}
			switch {
			case err != nil:
				report("%s: %v", where, err)
			case grace <= drain:
				report("terminationGracePeriodSeconds %d must exceed the %d s drain of %s", grace, drain, where)
			}
		}
	}
	for _, ref := range podSecretRefs(spec) {
		if msg := f.secretRefProblem(w.namespace, ref); msg != "" {
			report("%s", msg)
		}
	}
	if w.template.Annotations[prometheusScrapeAnnot] == "true" {
		port := w.template.Annotations[prometheusPortAnnot]
		switch {
		case port == "":
			report("%s is set without %s", prometheusScrapeAnnot, prometheusPortAnnot)
		case !anyContainerHasPort(w.servingContainers(), port):
			report("%s %q is not a port of any container", prometheusPortAnnot, port)
		}
	}
	return problems
}

// probePortProblems: each probe must aim at a port the container declares, by number or by name.
func probePortProblems(c corev1.Container) []string {
	var problems []string
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
	}{{"startupProbe", c.StartupProbe}, {"readinessProbe", c.ReadinessProbe}, {"livenessProbe", c.LivenessProbe}} {
		if p.probe == nil {
			continue
		}
		var field string
		var port intstr.IntOrString
		switch {
		case p.probe.GRPC != nil:
			field, port = "grpc.port", intstr.FromInt32(p.probe.GRPC.Port)
		case p.probe.HTTPGet != nil:
			field, port = "httpGet.port", p.probe.HTTPGet.Port
		case p.probe.TCPSocket != nil:
			field, port = "tcpSocket.port", p.probe.TCPSocket.Port
		default:
			continue // exec probes have no port
		}
		if !containerHasPort(c, port.String()) {
			problems = append(problems, fmt.Sprintf("%s.%s %s is not one of the container's ports (%s)",
				p.name, field, port.String(), describePorts(c)))
		}
	}
	return problems
}

// securityProblems: the `restricted` Pod Security profile plus a read-only root filesystem.
func securityProblems(pod *corev1.PodSecurityContext, c corev1.Container) []string {
	var problems []string
	sc := c.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	nonRoot := sc.RunAsNonRoot
	if nonRoot == nil && pod != nil {
		nonRoot = pod.RunAsNonRoot
	}
	if nonRoot == nil || !*nonRoot {
		problems = append(problems, "runAsNonRoot must be true (in the container's or the pod's securityContext)")
	}
	user := sc.RunAsUser
	if user == nil && pod != nil {
		user = pod.RunAsUser
	}
	if user != nil && *user == 0 {
		problems = append(problems, "runAsUser must not be 0")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		problems = append(problems, "securityContext.readOnlyRootFilesystem must be true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		problems = append(problems, "securityContext.allowPrivilegeEscalation must be false")
	}
	if sc.Privileged != nil && *sc.Privileged {
		problems = append(problems, "securityContext.privileged must not be true")
	}
	dropsAll := false
	if sc.Capabilities != nil {
		for _, capability := range sc.Capabilities.Drop {
			dropsAll = dropsAll || capability == "ALL"
		}
	}
	if !dropsAll {
		problems = append(problems, "securityContext.capabilities.drop must include ALL")
	}
	return problems
}

// resourceProblems: the scheduler needs requests; a memory limit keeps one leak from taking the node.
func resourceProblems(c corev1.Container) []string {
	var problems []string
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := c.Resources.Requests[name]; !ok {
			problems = append(problems, fmt.Sprintf("resources.requests.%s is missing", name))
		}
	}
	if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
		problems = append(problems, "resources.limits.memory is missing")
	}
	return problems
}

// drainSeconds is the drain the container is configured with (the default when it sets none).
func drainSeconds(c corev1.Container) (int64, error) {
	s := lookupSetting(c, causewayDrainFlag, causewayDrainEnv)
	if !s.set {
		return causewayDefaultDrain, nil
	}
	if s.fromRef {
		return 0, fmt.Errorf("%s comes from a reference, so its drain cannot be checked", s.source)
	}
	n, err := strconv.ParseInt(s.value, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number of seconds", s.source, s.value)
	}
	return n, nil
}

// setting is the value a Causeway service sees for one of its flags: the flag (in command or args)
// wins over its environment variable, the services' own precedence.
type setting struct {
	set     bool
	value   string
	source  string // the flag, or "env NAME"
	fromRef bool   // the environment variable comes from valueFrom: its value is not in the manifest
}

func lookupSetting(c corev1.Container, flag, env string) setting {
	var s setting
	for _, e := range c.Env {
		if e.Name == env {
			s = setting{set: true, value: e.Value, source: "env " + env, fromRef: e.ValueFrom != nil}
		}
	}
	args := append(append([]string{}, c.Command...), c.Args...)
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			s = setting{set: true, value: args[i+1], source: flag}
		} else if v, ok := strings.CutPrefix(a, flag+"="); ok {
			s = setting{set: true, value: v, source: flag}
		}
	}
	return s
}

func containerHasPort(c corev1.Container, port string) bool {
	for _, p := range c.Ports {
		if port == strconv.Itoa(int(p.ContainerPort)) || (p.Name != "" && port == p.Name) {
			return true
		}
	}
	return false
}

func anyContainerHasPort(containers []corev1.Container, port string) bool {
	for _, c := range containers {
		if containerHasPort(c, port) {
			return true
		}
	}
	return false
}

func describePorts(c corev1.Container) string {
	if len(c.Ports) == 0 {
		return "it declares none"
	}
	var ports []string
	for _, p := range c.Ports {
		if p.Name != "" {
			ports = append(ports, fmt.Sprintf("%s=%d", p.Name, p.ContainerPort))
		} else {
			ports = append(ports, strconv.Itoa(int(p.ContainerPort)))
		}
	}
	return strings.Join(ports, ", ")
}

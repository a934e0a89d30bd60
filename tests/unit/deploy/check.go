package main

import (
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// Options says what the semantic checks may rely on beyond the folder itself.
type Options struct {
	// Docs are text files (the deploy README) in which a Secret that the folder does not hold counts
	// as documented when its name appears in backquotes, as in `causeway-postgres`.
	Docs []string
}

// Report is the outcome of Check: the folder passes when Problems is empty.
type Report struct {
	Documents int // non-empty documents decoded
	Problems  []Problem
	// CrossChecked is false when some document did not decode: the checks across documents would
	// then mostly report the missing document again, so they wait until decoding is clean.
	CrossChecked bool
}

// Check decodes every document under root strictly, then runs the semantic checks across them.
func Check(root string, opts Options) Report {
	docs, problems := loadFolder(root)
	if len(problems) > 0 {
		return Report{Documents: len(docs), Problems: problems}
	}
	f := newFolder(root, docs, opts)
	problems = append(problems, f.problems...)
	problems = append(problems, f.checkKustomizations()...)
	problems = append(problems, f.checkIdentities()...)
	for _, w := range f.workloads {
		problems = append(problems, f.checkWorkload(w)...)
	}
	problems = append(problems, f.checkServices()...)
	problems = append(problems, f.checkDisruptionBudgets()...)
	problems = append(problems, f.checkNetworkPolicies()...)
	return Report{Documents: len(docs), Problems: problems, CrossChecked: true}
}

// folder indexes the decoded documents for the cross-document checks.
type folder struct {
	root      string
	docs      []document
	docsText  []string
	namespace map[string]string // file -> namespace its kustomization sets
	listed    map[string]bool   // files some kustomization includes
	workloads []workload
	secrets   map[string]*corev1.Secret // "namespace/name"
	problems  []Problem
}

func newFolder(root string, docs []document, opts Options) *folder {
	f := &folder{root: root, docs: docs, namespace: map[string]string{}, listed: map[string]bool{},
		secrets: map[string]*corev1.Secret{}}
	for _, p := range opts.Docs {
		text, err := os.ReadFile(p)
		if err != nil {
			f.problems = append(f.problems, Problem{File: p, Msg: err.Error()})
			continue
		}
		f.docsText = append(f.docsText, string(text))
	}
	f.indexKustomizations()
	for _, d := range docs {
		if d.obj == nil {
			continue
		}
		ns := f.namespaceOf(d)
		if w, ok := asWorkload(d, ns); ok {
			f.workloads = append(f.workloads, w)
		}
		if s, ok := d.obj.(*corev1.Secret); ok {
			f.secrets[ns+"/"+s.Name] = s
		}
	}
	return f
}

// kustomizationFileNames are the names kustomize looks for in a directory resource.
var kustomizationFileNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

func (f *folder) indexKustomizations() {
	for _, d := range f.docs {
		if d.kust == nil {
			continue
		}
		dir := path.Dir(d.file)
		for _, r := range d.kust.Resources {
			target := path.Clean(path.Join(dir, r))
			f.listed[target] = true
			f.namespace[target] = d.kust.Namespace
		}
		for _, p := range d.kust.Patches {
			if p.Path != "" {
				f.listed[path.Clean(path.Join(dir, p.Path))] = true
			}
		}
	}
}

// namespaceOf is where the object lands: its own namespace, else its kustomization's, else default.
// Cluster-scoped kinds have none.
func (f *folder) namespaceOf(d document) string {
	if clusterScoped[d.obj.GetObjectKind().GroupVersionKind().Kind] {
		return ""
	}
	m, err := metaOf(d.obj)
	if err == nil && m.GetNamespace() != "" {
		return m.GetNamespace()
	}
	if ns := f.namespace[d.file]; ns != "" {
		return ns
	}
	return metav1.NamespaceDefault
}

var clusterScoped = map[string]bool{
	"Namespace": true, "ClusterRole": true, "ClusterRoleBinding": true, "PriorityClass": true,
	"PersistentVolume": true, "IngressClass": true, "Node": true,
}

func metaOf(obj runtime.Object) (metav1.Object, error) { return meta.Accessor(obj) }

func problemAt(d document, format string, args ...any) Problem {
	return Problem{File: d.file, Doc: d.index, Msg: fmt.Sprintf(format, args...)}
}

// checkKustomizations: every resource a kustomization lists exists, every manifest is listed by one
// (or is named *.example.yaml), and every image it rewrites is used by some container.
func (f *folder) checkKustomizations() []Problem {
	var problems []Problem
	hasKustomization := false
	images := f.containerImageNames()
	for _, d := range f.docs {
		if d.kust == nil {
			continue
		}
		hasKustomization = true
		f.listed[d.file] = true
		dir := path.Dir(d.file)
		for _, r := range d.kust.Resources {
			if strings.Contains(r, "://") || strings.HasPrefix(r, "github.com/") {
				problems = append(problems, problemAt(d, "resource %q is remote: this offline check cannot see it", r))
				continue
			}
			target := path.Clean(path.Join(dir, r))
			if target == ".." || strings.HasPrefix(target, "../") {
				problems = append(problems, problemAt(d, "resource %q is outside the checked folder", r))
				continue
			}
			problems = append(problems, f.checkResourceExists(d, r, target)...)
		}
		for _, p := range d.kust.Patches {
			if p.Path != "" {
				if _, err := os.Stat(f.abs(path.Join(dir, p.Path))); err != nil {
					problems = append(problems, problemAt(d, "patch %q: %v", p.Path, err))
				}
			}
		}
		for _, img := range d.kust.Images {
			if !images[img.Name] {
				problems = append(problems, problemAt(d, "images: no container uses image %q, so this rewrite does nothing", img.Name))
			}
		}
		if d.kust.Namespace != "" {
			problems = append(problems, f.checkNamespaceAgreement(d.kust.Namespace, dir, d.kust.Resources)...)
		}
	}
	if !hasKustomization {
		return problems
	}
	files, _ := manifestFiles(f.root)
	for _, file := range files {
		if !f.listed[file] && !isExample(file) {
			problems = append(problems, Problem{File: file, Msg: "not listed in any kustomization's resources " +
				"(name it *.example.yaml if it is an example on purpose)"})
		}
	}
	return problems
}

func (f *folder) abs(rel string) string { return path.Join(f.root, rel) }

func (f *folder) checkResourceExists(d document, r, target string) []Problem {
	info, err := os.Stat(f.abs(target))
	if err != nil {
		return []Problem{problemAt(d, "resource %q does not exist", r)}
	}
	if !info.IsDir() {
		return nil
	}
	for _, name := range kustomizationFileNames {
		if _, err := os.Stat(f.abs(path.Join(target, name))); err == nil {
			f.listed[path.Join(target, name)] = true
			return nil
		}
	}
	return []Problem{problemAt(d, "resource %q is a directory without a kustomization.yaml", r)}
}

// checkNamespaceAgreement: kustomize would silently move an object that names another namespace.
func (f *folder) checkNamespaceAgreement(namespace, dir string, resources []string) []Problem {
	targets := map[string]bool{}
	for _, r := range resources {
		targets[path.Clean(path.Join(dir, r))] = true
	}
	var problems []Problem
	for _, d := range f.docs {
		if d.obj == nil || !targets[d.file] {
			continue
		}
		if m, err := metaOf(d.obj); err == nil && m.GetNamespace() != "" && m.GetNamespace() != namespace {
			problems = append(problems, problemAt(d, "%s says namespace %q but its kustomization sets %q",
				objectID(d.obj, m.GetNamespace()), m.GetNamespace(), namespace))
		}
	}
	return problems
}

func isExample(file string) bool {
	return strings.HasSuffix(file, ".example.yaml") || strings.HasSuffix(file, ".example.yml")
}

// containerImageNames are the image names (no tag, no digest) that some container uses.
func (f *folder) containerImageNames() map[string]bool {
	names := map[string]bool{}
	for _, w := range f.workloads {
		for _, c := range w.containers() {
			names[imageName(c.container.Image)] = true
		}
	}
	return names
}

func imageName(image string) string {
	if at := strings.Index(image, "@"); at >= 0 {
		image = image[:at]
	}
	if colon := strings.LastIndex(image, ":"); colon > strings.LastIndex(image, "/") {
		image = image[:colon]
	}
	return image
}

// checkIdentities: every object has a name, and no two objects share kind, namespace and name.
func (f *folder) checkIdentities() []Problem {
	var problems []Problem
	seen := map[string]document{}
	for _, d := range f.docs {
		if d.obj == nil {
			continue
		}
		m, err := metaOf(d.obj)
		if err != nil || m.GetName() == "" {
			problems = append(problems, problemAt(d, "%s has no metadata.name",
				d.obj.GetObjectKind().GroupVersionKind().Kind))
			continue
		}
		id := objectID(d.obj, f.namespaceOf(d))
		if first, dup := seen[id]; dup {
			problems = append(problems, problemAt(d, "%s is also defined in %s (document %d)", id, first.file, first.index))
			continue
		}
		seen[id] = d
	}
	return problems
}

// checkServices: a Service's selector picks the pods of some workload of its namespace, and each of
// its target ports is a port of those pods.
func (f *folder) checkServices() []Problem {
	var problems []Problem
	for _, d := range f.docs {
		svc, ok := d.obj.(*corev1.Service)
		if !ok || svc.Spec.Type == corev1.ServiceTypeExternalName || len(svc.Spec.Selector) == 0 {
			continue
		}
		ns := f.namespaceOf(d)
		id := objectID(svc, ns)
		selector := labels.SelectorFromSet(svc.Spec.Selector)
		var matched []workload
		for _, w := range f.workloads {
			if w.namespace == ns && selector.Matches(labels.Set(w.template.Labels)) {
				matched = append(matched, w)
			}
		}
		if len(matched) == 0 {
			problems = append(problems, problemAt(d, "%s: selector %s matches the pods of no workload in namespace %q",
				id, selector, ns))
			continue
		}
		for _, p := range svc.Spec.Ports {
			target := p.TargetPort
			if target.IntValue() == 0 && target.StrVal == "" {
				target.IntVal = p.Port // an unset targetPort means the same number as port
			}
			for _, w := range matched {
				if !anyContainerHasPort(w.servingContainers(), target.String()) {
					problems = append(problems, problemAt(d, "%s: port %q targets %s, which no container of %s declares",
						id, p.Name, target.String(), w.id))
				}
			}
		}
	}
	return problems
}

// checkDisruptionBudgets: a budget covers some workload, and does not forbid every eviction of it.
func (f *folder) checkDisruptionBudgets() []Problem {
	var problems []Problem
	for _, d := range f.docs {
		pdb, ok := d.obj.(*policyv1.PodDisruptionBudget)
		if !ok {
			continue
		}
		ns := f.namespaceOf(d)
		id := objectID(pdb, ns)
		if pdb.Spec.Selector == nil {
			problems = append(problems, problemAt(d, "%s has no selector, so it covers no pod", id))
			continue
		}
		selector, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil {
			problems = append(problems, problemAt(d, "%s: selector: %v", id, err))
			continue
		}
		covered := 0
		for _, w := range f.workloads {
			if w.namespace != ns || !selector.Matches(labels.Set(w.template.Labels)) {
				continue
			}
			covered++
			if blocksEveryEviction(pdb.Spec, w.replicas) {
				problems = append(problems, problemAt(d, "%s allows no voluntary eviction of %s: node drains would hang",
					id, w.id))
			}
		}
		if covered == 0 {
			problems = append(problems, problemAt(d, "%s: selector %s matches the pods of no workload in namespace %q",
				id, selector, ns))
		}
	}
	return problems
}

func blocksEveryEviction(spec policyv1.PodDisruptionBudgetSpec, replicas *int32) bool {
	if spec.MaxUnavailable != nil {
		return spec.MaxUnavailable.String() == "0" || spec.MaxUnavailable.String() == "0%"
	}
	if spec.MinAvailable != nil {
		if spec.MinAvailable.String() == "100%" {
			return true
		}
		want := int32(1) // an unset replicas count is 1
		if replicas != nil {
			want = *replicas
		}
		return spec.MinAvailable.StrVal == "" && spec.MinAvailable.IntVal >= want
	}
	return false
}

// documented reports whether a docs file names the Secret in backquotes.
func (f *folder) documented(name string) bool {
	for _, text := range f.docsText {
		if strings.Contains(text, "`"+name+"`") {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

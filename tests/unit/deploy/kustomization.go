package main

// The kustomize fields this project uses, decoded as strictly as the Kubernetes types: a field that is
// not here (a typo, or a kustomize feature nobody has reviewed yet) fails the check. Add a field when
// the manifests start using it. Field meanings: kustomize's own reference (kustomization.yaml).

const (
	kustomizeAPIVersion = "kustomize.config.k8s.io/v1beta1"
	kustomizeKind       = "Kustomization"
)

type Kustomization struct {
	APIVersion        string              `json:"apiVersion"`
	Kind              string              `json:"kind"`
	Metadata          *KustomizeMetadata  `json:"metadata,omitempty"`
	Namespace         string              `json:"namespace,omitempty"`
	NamePrefix        string              `json:"namePrefix,omitempty"`
	NameSuffix        string              `json:"nameSuffix,omitempty"`
	Resources         []string            `json:"resources,omitempty"`
	Components        []string            `json:"components,omitempty"`
	Labels            []KustomizeLabel    `json:"labels,omitempty"`
	CommonAnnotations map[string]string   `json:"commonAnnotations,omitempty"`
	Images            []KustomizeImage    `json:"images,omitempty"`
	Replicas          []KustomizeReplicas `json:"replicas,omitempty"`
	Patches           []KustomizePatch    `json:"patches,omitempty"`
}

type KustomizeMetadata struct {
	Name        string            `json:"name,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type KustomizeLabel struct {
	Pairs            map[string]string `json:"pairs"`
	IncludeSelectors bool              `json:"includeSelectors,omitempty"`
	IncludeTemplates bool              `json:"includeTemplates,omitempty"`
}

type KustomizeImage struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

type KustomizeReplicas struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

type KustomizePatch struct {
	Path    string           `json:"path,omitempty"`
	Patch   string           `json:"patch,omitempty"`
	Target  *KustomizeTarget `json:"target,omitempty"`
	Options map[string]bool  `json:"options,omitempty"`
}

type KustomizeTarget struct {
	Group              string `json:"group,omitempty"`
	Version            string `json:"version,omitempty"`
	Kind               string `json:"kind,omitempty"`
	Name               string `json:"name,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	LabelSelector      string `json:"labelSelector,omitempty"`
	AnnotationSelector string `json:"annotationSelector,omitempty"`
}

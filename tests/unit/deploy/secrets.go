package main

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// secretRef is one place a pod reads a Secret: key is empty when the whole Secret is used.
type secretRef struct {
	field    string
	name     string
	key      string
	optional bool
}

func containerSecretRefs(c corev1.Container) []secretRef {
	var refs []secretRef
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			r := e.ValueFrom.SecretKeyRef
			refs = append(refs, secretRef{"env " + e.Name, r.Name, r.Key, r.Optional != nil && *r.Optional})
		}
	}
	for _, e := range c.EnvFrom {
		if e.SecretRef != nil {
			refs = append(refs, secretRef{"envFrom", e.SecretRef.Name, "", e.SecretRef.Optional != nil && *e.SecretRef.Optional})
		}
	}
	return refs
}

func podSecretRefs(spec corev1.PodSpec) []secretRef {
	var refs []secretRef
	for _, v := range spec.Volumes {
		if v.Secret != nil {
			refs = append(refs, secretRef{"volume " + v.Name, v.Secret.SecretName, "", v.Secret.Optional != nil && *v.Secret.Optional})
		}
		if v.Projected != nil {
			for _, source := range v.Projected.Sources {
				if s := source.Secret; s != nil {
					refs = append(refs, secretRef{"volume " + v.Name, s.Name, "", s.Optional != nil && *s.Optional})
				}
			}
		}
	}
	for _, s := range spec.ImagePullSecrets {
		refs = append(refs, secretRef{"imagePullSecrets", s.Name, "", false})
	}
	return refs
}

// secretRefProblem: the Secret is in the folder (with the key, when one is named), or it is optional,
// or the docs name it as one the operator creates.
func (f *folder) secretRefProblem(namespace string, ref secretRef) string {
	secret, ok := f.secrets[namespace+"/"+ref.name]
	if !ok {
		if ref.optional || f.documented(ref.name) {
			return ""
		}
		return fmt.Sprintf("%s: Secret %s/%s is neither in the folder nor documented", ref.field, namespace, ref.name)
	}
	if ref.key == "" || ref.optional {
		return ""
	}
	if _, ok := secret.Data[ref.key]; ok {
		return ""
	}
	if _, ok := secret.StringData[ref.key]; ok {
		return ""
	}
	return fmt.Sprintf("%s: Secret %s/%s has no key %q (it has: %v)", ref.field, namespace, ref.name, ref.key,
		append(sortedKeys(secret.Data), sortedKeys(secret.StringData)...))
}

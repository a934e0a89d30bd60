package main

import (
	"fmt"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Causeway's services read their TLS keys, CAs and tokens from files. Where such a setting is given,
// the file must be one a mounted Secret provides; some are required, because the service would
// otherwise run without TLS or without credentials towards causeway-topology.

// fileSetting is a flag whose value is the path of a file from a Secret.
type fileSetting struct {
	flag     string
	env      string
	required bool
	why      string // said when a required setting is missing
}

// secretFileSettings by image name (registry and tag stripped). Settings not listed may point
// anywhere.
var secretFileSettings = map[string][]fileSetting{
	"causeway-topology": {
		{"--tls-cert", "CAUSEWAY_TLS_CERT", true, "without it topology serves plaintext and tokens cross the network in clear"},
		{"--tls-key", "CAUSEWAY_TLS_KEY", true, "the key of --tls-cert"},
		{"--tls-client-ca", "CAUSEWAY_TLS_CLIENT_CA", false, ""},
	},
	"causeway-gateway": {
		{"--topology-ca", "CAUSEWAY_TOPOLOGY_CA", true, "without it the gateway reaches topology in plaintext"},
		{"--topology-token-file", "CAUSEWAY_TOPOLOGY_TOKEN_FILE", true, "the gateway principal's token: topology refuses a gateway without credentials"},
		{"--topology-cert", "CAUSEWAY_TOPOLOGY_CERT", false, ""},
		{"--topology-key", "CAUSEWAY_TOPOLOGY_KEY", false, ""},
		{"--tls-cert", "CAUSEWAY_TLS_CERT", false, ""},
		{"--tls-key", "CAUSEWAY_TLS_KEY", false, ""},
		{"--tls-client-ca", "CAUSEWAY_TLS_CLIENT_CA", false, ""},
	},
}

// servesSubcommand: the settings apply to the serving process. causeway-topology's other
// subcommands (migrate, bootstrap-admin) open no port and call no service.
func servesSubcommand(c corev1.Container) bool {
	if len(c.Args) == 0 || strings.HasPrefix(c.Args[0], "-") {
		return true
	}
	return c.Args[0] == "serve"
}

func (f *folder) secretFileProblems(w workload, rc roledContainer) []string {
	c := rc.container
	settings := secretFileSettings[path.Base(imageName(c.Image))]
	if rc.role != roleMain || len(settings) == 0 || !servesSubcommand(c) {
		return nil
	}
	var problems []string
	for _, fs := range settings {
		s := lookupSetting(c, fs.flag, fs.env)
		switch {
		case !s.set || (s.value == "" && !s.fromRef):
			if fs.required {
				problems = append(problems, fmt.Sprintf("%s (or env %s) is not set: %s", fs.flag, fs.env, fs.why))
			}
		case s.fromRef:
			problems = append(problems, fmt.Sprintf("%s comes from a reference: give the path of a mounted Secret's file", s.source))
		default:
			if msg := f.secretFileProblem(w, c, s.value); msg != "" {
				problems = append(problems, fmt.Sprintf("%s %s: %s", s.source, s.value, msg))
			}
		}
	}
	return problems
}

// secretFileProblem: file is inside a volumeMount of a Secret (or a projected volume's Secret) that
// provides it, by its items or, for a Secret in the folder, by its keys.
func (f *folder) secretFileProblem(w workload, c corev1.Container, file string) string {
	file = path.Clean(file)
	var mount *corev1.VolumeMount
	for i, m := range c.VolumeMounts {
		mp := path.Clean(m.MountPath)
		if file == mp || strings.HasPrefix(file, strings.TrimSuffix(mp, "/")+"/") {
			if mount == nil || len(mp) > len(path.Clean(mount.MountPath)) {
				mount = &c.VolumeMounts[i] // the deepest mount hides the ones above it
			}
		}
	}
	if mount == nil {
		return "is under no volumeMount of the container"
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(file, path.Clean(mount.MountPath)), "/")
	if mount.SubPath != "" {
		rel = path.Join(mount.SubPath, rel)
	}
	if rel == "" {
		return fmt.Sprintf("is the mount point of volume %q, not a file in it", mount.Name)
	}
	var volume *corev1.Volume
	for i, v := range w.template.Spec.Volumes {
		if v.Name == mount.Name {
			volume = &w.template.Spec.Volumes[i]
		}
	}
	switch {
	case volume == nil:
		return fmt.Sprintf("volume %q is mounted but not defined", mount.Name)
	case volume.Secret != nil:
		return f.secretProvides(w.namespace, volume.Secret.SecretName, volume.Secret.Items, volume.Name, rel)
	case volume.Projected != nil:
		var names []string
		for _, source := range volume.Projected.Sources {
			if s := source.Secret; s != nil {
				if f.secretProvides(w.namespace, s.Name, s.Items, volume.Name, rel) == "" {
					return ""
				}
				names = append(names, s.Name)
			}
		}
		return fmt.Sprintf("no Secret of projected volume %q (%s) provides %q", volume.Name, strings.Join(names, ", "), rel)
	default:
		return fmt.Sprintf("is on volume %q, which is not a Secret", mount.Name)
	}
}

// secretProvides: "" when the Secret volume holds the file rel.
func (f *folder) secretProvides(namespace, name string, items []corev1.KeyToPath, volume, rel string) string {
	key := rel
	if len(items) > 0 {
		key = ""
		for _, item := range items {
			if path.Clean(item.Path) == rel {
				key = item.Key
			}
		}
		if key == "" {
			return fmt.Sprintf("volume %q maps no item of Secret %s to %q", volume, name, rel)
		}
	}
	secret, ok := f.secrets[namespace+"/"+name]
	if !ok {
		return "" // created outside the folder (secretRefProblem insists it is documented)
	}
	if _, ok := secret.Data[key]; ok {
		return ""
	}
	if _, ok := secret.StringData[key]; ok {
		return ""
	}
	return fmt.Sprintf("Secret %s/%s has no key %q (it has: %v)", namespace, name, key,
		append(sortedKeys(secret.Data), sortedKeys(secret.StringData)...))
}

package main

import (
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// No credential is written into a manifest: an environment variable or flag whose name says it
// holds a secret takes it from a Secret (env valueFrom.secretKeyRef, $(VAR) of such a variable in
// args, or a Causeway secret reference `${file:PATH[:KEY]}` to a file a mounted Secret provides),
// and no value anywhere carries a password inside a URI or a Kafka property.

// secretWords in an env var or flag name mark it as holding a credential...
var secretWords = map[string]bool{
	"PASSWORD": true, "PASSWD": true, "TOKEN": true, "SECRET": true, "CREDENTIAL": true,
	"CREDENTIALS": true, "APIKEY": true,
}

// ...unless its last word says it holds where the credential is (CAUSEWAY_TOPOLOGY_TOKEN_FILE).
var locationWords = map[string]bool{"FILE": true, "PATH": true, "DIR": true}

func namesSecret(name string) bool {
	words := strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	if len(words) == 0 || locationWords[words[len(words)-1]] {
		return false
	}
	for i, word := range words {
		if secretWords[word] || (word == "KEY" && i > 0 && words[i-1] == "API") {
			return true
		}
	}
	return false
}

// secretInValue: user:password@ in a URI (a DSN, a proxy), or a Kafka secret property given inline.
var secretInValue = regexp.MustCompile(`://[^/@\s:]+:[^/@\s]+@|(?i)(sasl\.password|ssl\.key\.password|client\.secret)\s*=\s*[^$\s]`)

// fileReference: `${file:PATH}` or `${file:PATH:KEY}` (a key of a Java properties file), the whole
// value; the process resolves it, so the manifest holds only where the secret is.
var fileReference = regexp.MustCompile(`^\$\{file:([^:}]+)(:[^}]*)?\}$`)

// literalSecretProblems covers init and regular containers alike.
func (f *folder) literalSecretProblems(w workload, c corev1.Container) []string {
	var problems []string
	for _, e := range c.Env {
		switch {
		case secretInValue.MatchString(e.Value):
			problems = append(problems, fmt.Sprintf("env %s carries a credential in its value: take it from a Secret (valueFrom.secretKeyRef)", e.Name))
		case !namesSecret(e.Name):
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
		case e.ValueFrom != nil:
			problems = append(problems, fmt.Sprintf("env %s holds a credential but does not come from a Secret: use valueFrom.secretKeyRef", e.Name))
		case fileReference.MatchString(e.Value):
			file := fileReference.FindStringSubmatch(e.Value)[1]
			if msg := f.secretFileProblem(w, c, file); msg != "" {
				problems = append(problems, fmt.Sprintf("env %s references %s, which %s", e.Name, file, msg))
			}
		case e.Value != "":
			problems = append(problems, fmt.Sprintf("env %s holds a literal credential: take it from a Secret (valueFrom.secretKeyRef)", e.Name))
		}
	}
	args := append(append([]string{}, c.Command...), c.Args...)
	for i, a := range args {
		if secretInValue.MatchString(a) {
			problems = append(problems, fmt.Sprintf("argument %d carries a credential: take it from a Secret", i+1))
			continue
		}
		flag, value, inline := strings.Cut(a, "=")
		if !strings.HasPrefix(flag, "--") || !namesSecret(strings.TrimLeft(flag, "-")) {
			continue
		}
		if !inline {
			if i+1 >= len(args) {
				continue
			}
			value = args[i+1]
		}
		if value != "" && !isEnvExpansion(value) {
			problems = append(problems, fmt.Sprintf("%s is given a literal credential: pass $(VAR) of an env var from a Secret, or a file", flag))
		}
	}
	return problems
}

// isEnvExpansion: Kubernetes replaces $(VAR) in command and args by the container's variable.
func isEnvExpansion(value string) bool {
	return strings.HasPrefix(value, "$(") && strings.HasSuffix(value, ")")
}

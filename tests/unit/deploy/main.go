// deploycheck refuses Kubernetes manifests that a cluster would refuse or run wrongly, offline.
//
//	deploycheck [-doc FILE]... DIR
//
// Every YAML document under DIR is decoded by its apiVersion and kind into the typed object of
// k8s.io/api, strictly (unknown, misspelled or repeated fields and wrong types fail; so does a kind
// it does not know, except kustomize's Kustomization, decoded strictly into its own struct). Then
// the documents are checked against each other: probe ports, Service and PodDisruptionBudget
// selectors, Secret references, security contexts, resources, drain time, kustomization coverage,
// network isolation (default-deny and a policy of each workload's own), the Secret files behind
// the services' TLS and token settings, and credentials written into a manifest.
// Every problem is printed; the exit status is 1 if there is any.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

type docFlags []string

func (d *docFlags) String() string     { return strings.Join(*d, ",") }
func (d *docFlags) Set(v string) error { *d = append(*d, v); return nil }

func main() {
	var docs docFlags
	flag.Var(&docs, "doc", "a file that documents Secrets created outside the folder (repeatable; default: DIR/../README.md when it exists)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: deploycheck [-doc FILE]... DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	root := flag.Arg(0)
	if len(docs) == 0 {
		readme := filepath.Join(root, "..", "README.md")
		if _, err := os.Stat(readme); err == nil {
			docs = append(docs, readme)
		}
	}
	report := Check(root, Options{Docs: docs})
	for _, p := range report.Problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(report.Problems) > 0 {
		fmt.Fprintf(os.Stderr, "deploycheck: %s: %d problem(s)\n", root, len(report.Problems))
		if !report.CrossChecked {
			fmt.Fprintln(os.Stderr, "deploycheck: checks across documents run once every document decodes")
		}
		os.Exit(1)
	}
	fmt.Printf("deploycheck: %s: %d documents decode strictly and agree\n", root, report.Documents)
}

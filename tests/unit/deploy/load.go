package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// document is one non-empty YAML document of one file under the checked folder, decoded into its
// typed form: a Kubernetes API object, or a Kustomization.
type document struct {
	file  string // slash-separated, relative to the checked folder
	index int    // 1-based position in the file, counting empty documents too
	obj   runtime.Object
	kust  *Kustomization
}

// decoder turns one YAML document into its typed object, strictly: an unknown or misspelled field,
// a field given twice, a value of the wrong type, or a kind that is not known all fail.
type decoder struct {
	k8s runtime.Decoder
}

func newDecoder() *decoder {
	scheme := newScheme()
	return &decoder{k8s: kjsonserializer.NewSerializerWithOptions(
		kjsonserializer.DefaultMetaFactory, scheme, scheme,
		kjsonserializer.SerializerOptions{Yaml: true, Strict: true})}
}

// errEmptyDocument marks a document that holds nothing but comments or whitespace.
var errEmptyDocument = errors.New("empty document")

func (d *decoder) decode(raw []byte) (runtime.Object, *Kustomization, error) {
	// A lenient conversion only to read apiVersion and kind; the strict decoders below see raw.
	peek, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return nil, nil, err
	}
	if bytes.Equal(bytes.TrimSpace(peek), []byte("null")) {
		return nil, nil, errEmptyDocument
	}
	var typeMeta metav1.TypeMeta
	if err := json.Unmarshal(peek, &typeMeta); err != nil {
		return nil, nil, fmt.Errorf("a manifest must be a YAML mapping: %w", err)
	}
	if typeMeta.APIVersion == "" || typeMeta.Kind == "" {
		return nil, nil, errors.New("apiVersion and kind are both required")
	}
	if typeMeta.Kind == kustomizeKind {
		if typeMeta.APIVersion != kustomizeAPIVersion {
			return nil, nil, fmt.Errorf("Kustomization must have apiVersion %s, not %q", kustomizeAPIVersion, typeMeta.APIVersion)
		}
		k, err := decodeKustomization(raw)
		return nil, k, err
	}
	obj, _, err := d.k8s.Decode(raw, nil, nil)
	if err != nil {
		// Strict errors come back beside a decoded object; they fail all the same.
		return nil, nil, err
	}
	return obj, nil, nil
}

func decodeKustomization(raw []byte) (*Kustomization, error) {
	asJSON, err := yaml.YAMLToJSONStrict(raw) // refuses a key given twice
	if err != nil {
		return nil, err
	}
	var k Kustomization
	strictErrs, err := kjson.UnmarshalStrict(asJSON, &k) // unknown fields, case mismatches
	if err != nil {
		return nil, err
	}
	if len(strictErrs) > 0 {
		return nil, fmt.Errorf("strict decoding error: %w", errors.Join(strictErrs...))
	}
	return &k, nil
}

// manifestFiles lists every .yaml/.yml file under root, sorted, slash-separated and relative to root.
func manifestFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() || !isYAML(path) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(files)
	return files, err
}

func isYAML(path string) bool {
	return strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")
}

// loadFolder decodes every document of every manifest file under root. Each document that does not
// decode is one problem; the others are returned for the semantic checks.
func loadFolder(root string) ([]document, []Problem) {
	files, err := manifestFiles(root)
	if err != nil {
		return nil, []Problem{{File: root, Msg: err.Error()}}
	}
	if len(files) == 0 {
		return nil, []Problem{{File: root, Msg: "no .yaml or .yml file found"}}
	}
	dec := newDecoder()
	var docs []document
	var problems []Problem
	for _, file := range files {
		raws, err := splitDocuments(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			problems = append(problems, Problem{File: file, Msg: err.Error()})
			continue
		}
		for i, raw := range raws {
			obj, kust, err := dec.decode(raw)
			switch {
			case errors.Is(err, errEmptyDocument):
			case err != nil:
				problems = append(problems, Problem{File: file, Doc: i + 1, Msg: err.Error()})
			default:
				docs = append(docs, document{file: file, index: i + 1, obj: obj, kust: kust})
			}
		}
	}
	return docs, problems
}

// splitDocuments splits a multi-document YAML file at its `---` lines.
func splitDocuments(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
}

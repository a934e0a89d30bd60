package main

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// workload is anything that runs pods, reduced to what the semantic checks look at.
type workload struct {
	doc       document
	id        string // "Deployment causeway/causeway-topology"
	namespace string
	replicas  *int32                // nil when the kind has no replica count
	selector  *metav1.LabelSelector // nil when the kind generates its own (Job, CronJob, Pod)
	template  corev1.PodTemplateSpec
}

// asWorkload returns the pod template of the kinds that run pods.
func asWorkload(doc document, namespace string) (workload, bool) {
	w := workload{doc: doc, namespace: namespace, id: objectID(doc.obj, namespace)}
	switch o := doc.obj.(type) {
	case *appsv1.Deployment:
		w.replicas, w.selector, w.template = o.Spec.Replicas, o.Spec.Selector, o.Spec.Template
	case *appsv1.StatefulSet:
		w.replicas, w.selector, w.template = o.Spec.Replicas, o.Spec.Selector, o.Spec.Template
	case *appsv1.DaemonSet:
		w.selector, w.template = o.Spec.Selector, o.Spec.Template
	case *appsv1.ReplicaSet:
		w.replicas, w.selector, w.template = o.Spec.Replicas, o.Spec.Selector, o.Spec.Template
	case *batchv1.Job:
		w.template = o.Spec.Template
	case *batchv1.CronJob:
		w.template = o.Spec.JobTemplate.Spec.Template
	case *corev1.Pod:
		w.template = corev1.PodTemplateSpec{ObjectMeta: o.ObjectMeta, Spec: o.Spec}
	default:
		return workload{}, false
	}
	return w, true
}

// containerRole tells regular containers from init containers: probes and the drain rule apply to
// what serves traffic.
type containerRole int

const (
	roleInit containerRole = iota
	roleMain
)

type roledContainer struct {
	role      containerRole
	container corev1.Container
}

func (w workload) containers() []roledContainer {
	var all []roledContainer
	for _, c := range w.template.Spec.InitContainers {
		all = append(all, roledContainer{roleInit, c})
	}
	for _, c := range w.template.Spec.Containers {
		all = append(all, roledContainer{roleMain, c})
	}
	return all
}

// servingContainers are the ones a Service can send traffic to: regular containers and sidecars
// (init containers that keep running).
func (w workload) servingContainers() []corev1.Container {
	var serving []corev1.Container
	for _, c := range w.template.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			serving = append(serving, c)
		}
	}
	return append(serving, w.template.Spec.Containers...)
}

func objectID(obj runtime.Object, namespace string) string {
	kind := obj.GetObjectKind().GroupVersionKind().Kind
	meta, err := metaOf(obj)
	if err != nil {
		return kind
	}
	if namespace == "" {
		return kind + " " + meta.GetName()
	}
	return kind + " " + namespace + "/" + meta.GetName()
}

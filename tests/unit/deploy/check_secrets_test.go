package main

import "testing"

// Secret files and literal credentials: causeway-topology's TLS settings and causeway-gateway's
// topology CA and token file name files of mounted Secrets; no credential is written in a manifest.

func TestTopologyWithoutTLSCertFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "            - {name: CAUSEWAY_TLS_CERT, value: /etc/tls/tls.crt}\n", "")
	wantProblem(t, Check(root, Options{}), "services.yaml", 1, `container "topology"`, "--tls-cert (or env CAUSEWAY_TLS_CERT) is not set")
}

func TestTopologyTLSKeyOutsideEveryMountFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "value: /etc/tls/tls.key}", "value: /etc/keys/tls.key}")
	wantProblem(t, Check(root, Options{}), "services.yaml", 1, "env CAUSEWAY_TLS_KEY /etc/keys/tls.key", "under no volumeMount")
}

func TestTopologyTLSFileOnANonSecretVolumeFails(t *testing.T) {
	// /etc/tls/scratch is an emptyDir mounted inside the Secret's mount: the deeper mount wins.
	root := fixtureWith(t, "services.yaml", "--tls-client-ca=/etc/tls/ca.crt", "--tls-client-ca=/etc/tls/scratch/ca.crt")
	wantProblem(t, Check(root, Options{}), "services.yaml", 1, "--tls-client-ca /etc/tls/scratch/ca.crt", `volume "tmp", which is not a Secret`)
}

func TestTopologyTLSFileTheSecretLacksFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "  tls.key: KEY\n", "  tls.pem: KEY\n")
	wantProblem(t, Check(root, Options{}), "services.yaml", 1, "env CAUSEWAY_TLS_KEY", `Secret shop/topology-tls has no key "tls.key"`)
}

func TestTopologyMigrateNeedsNoTLS(t *testing.T) {
	root := fixtureWith(t, "services.yaml",
		"args: [serve, --tls-client-ca=/etc/tls/ca.crt]", "args: [migrate]",
		"            - {name: CAUSEWAY_TLS_CERT, value: /etc/tls/tls.crt}\n", "")
	wantPass(t, Check(root, Options{}))
}

func TestGatewayWithoutTopologyTokenFileFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "            - {name: CAUSEWAY_TOPOLOGY_TOKEN_FILE, value: /run/token/token}\n", "")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, `container "gateway"`, "--topology-token-file (or env CAUSEWAY_TOPOLOGY_TOKEN_FILE) is not set")
}

func TestGatewayTopologyCANoProjectedSecretProvidesFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "items: [{key: ca.crt, path: ca.crt}]", "items: [{key: ca.crt, path: ca.pem}]")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, "env CAUSEWAY_TOPOLOGY_CA /etc/ca/ca.crt", `no Secret of projected volume "ca"`)
}

func TestGatewayTopologyCAFlagWinsOverEnv(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "          image: causeway-gateway:dev\n",
		"          image: causeway-gateway:dev\n          args: [--topology-ca, /etc/ssl/certs/ca.crt]\n")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, "--topology-ca /etc/ssl/certs/ca.crt", "under no volumeMount")
}

func TestGatewayTokenFileFromAReferenceFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "{name: CAUSEWAY_TOPOLOGY_TOKEN_FILE, value: /run/token/token}",
		"{name: CAUSEWAY_TOPOLOGY_TOKEN_FILE, valueFrom: {secretKeyRef: {name: topology-tls, key: ca.crt}}}")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, "env CAUSEWAY_TOPOLOGY_TOKEN_FILE comes from a reference")
}

func TestLiteralTokenInEnvFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}",
		"{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}\n            - {name: CAUSEWAY_TOKEN, value: cwt_0123456789}")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, "env CAUSEWAY_TOKEN holds a literal credential")
}

func TestPasswordFromAConfigMapFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          env:\n",
		"          env:\n            - name: PG_PASSWORD\n              valueFrom:\n                configMapKeyRef: {name: demo, key: pg}\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "env PG_PASSWORD holds a credential but does not come from a Secret")
}

func TestPasswordInsideAURIFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          env:\n",
		"          env:\n            - {name: CAUSEWAY_REPLICA_DSN, value: \"postgresql://demo:hunter2@db/demo\"}\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "env CAUSEWAY_REPLICA_DSN carries a credential")
}

func TestKafkaPasswordGivenInlineFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          env:\n",
		"          env:\n            - {name: KAFKA_PROPERTIES, value: \"sasl.username=demo sasl.password=hunter2\"}\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "env KAFKA_PROPERTIES carries a credential")
}

func TestKafkaPasswordByFileReferencePasses(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          env:\n",
		"          env:\n            - {name: KAFKA_PROPERTIES, value: \"sasl.password=${file:/var/run/secrets/kafka/eu-1.properties:sasl.password}\"}\n")
	wantPass(t, Check(root, Options{}))
}

func TestLiteralPasswordFlagFails(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          ports:\n", "          args: [serve, --pg-password, hunter2]\n          ports:\n")
	wantProblem(t, Check(root, Options{}), "app.yaml", 1, "--pg-password is given a literal credential")
}

func TestTokenFlagFromASecretVariablePasses(t *testing.T) {
	root := fixtureWith(t, "app.yaml", "          ports:\n", "          args: [--token=$(CAUSEWAY_TOKEN)]\n          ports:\n",
		"          env:\n", "          env:\n            - name: CAUSEWAY_TOKEN\n              valueFrom:\n                secretKeyRef: {name: demo-db, key: dsn}\n")
	wantPass(t, Check(root, Options{}))
}

func TestSecretReferenceToAMountedSecretFilePasses(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}",
		"{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}\n            - {name: CAUSEWAY_S3_SECRET_ACCESS_KEY, value: \"${file:/etc/ca/ca.crt}\"}")
	wantPass(t, Check(root, Options{}))
}

func TestSecretReferenceOutsideEverySecretMountFails(t *testing.T) {
	root := fixtureWith(t, "services.yaml", "{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}",
		"{name: CAUSEWAY_TOPOLOGY_CA, value: /etc/ca/ca.crt}\n            - {name: CAUSEWAY_S3_SECRET_ACCESS_KEY, value: \"${file:/srv/keys/s3:secret}\"}")
	wantProblem(t, Check(root, Options{}), "services.yaml", 3, "env CAUSEWAY_S3_SECRET_ACCESS_KEY references /srv/keys/s3, which is under no volumeMount")
}

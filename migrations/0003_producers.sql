-- Producers (who may publish through causeway-gateway) and their grants (which namespaces).
--
-- A producer's body holds its certificate names and the SHA-256 of its bearer tokens, never a
-- token itself. Grants are owned by their producer (deleted with it, each deletion recorded in the
-- history) and keep their namespace from being deleted.

CREATE TABLE producers (
  name    text PRIMARY KEY,
  version bigint NOT NULL,
  body    jsonb NOT NULL
);

CREATE TABLE grants (
  producer  text NOT NULL REFERENCES producers (name),
  namespace text NOT NULL REFERENCES namespaces (name),
  version   bigint NOT NULL,
  body      jsonb NOT NULL,
  PRIMARY KEY (producer, namespace)
);
CREATE INDEX grants_namespace ON grants (namespace);

-- Schemas: Avro schemas attached to event types, with their lifecycle.
--
-- A schema's content has one identity everywhere: `schema_texts` gives each distinct canonical form
-- its MD5 id and its global integer id (the Confluent wire-format id), so the same schema attached
-- to two event types has the same ids. `schemas` is the attachment, which carries the status.

CREATE TABLE schema_texts (
  id             text PRIMARY KEY,               -- lower-case hex MD5 of the canonical form
  global_id      serial UNIQUE NOT NULL,
  canonical_form text NOT NULL
);

CREATE TABLE schemas (
  namespace  text NOT NULL,
  event_type text NOT NULL,
  id         text NOT NULL REFERENCES schema_texts (id),
  status     text NOT NULL,                      -- SCHEMA_STATUS_PENDING | _AVAILABLE | _DEPRECATED
  global_id  integer NOT NULL,
  version    integer NOT NULL,                   -- subject version; 0 while pending
  body       jsonb NOT NULL,
  PRIMARY KEY (namespace, event_type, id),
  FOREIGN KEY (namespace, event_type) REFERENCES event_types (namespace, name) ON DELETE CASCADE
);
CREATE INDEX schemas_global_id ON schemas (global_id);

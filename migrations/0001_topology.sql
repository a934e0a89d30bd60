-- Topology: namespaces, zones, clusters, event types, placements, and the change history that is
-- both the audit log and the feed of the Watch stream.
--
-- Every entity row keeps its key columns (for constraints and look-ups) and its full state as the
-- protobuf JSON form in `body`, which is what the service returns and what Watch sends.

-- One row. Every mutation takes its row lock (UPDATE ... RETURNING), so revisions are assigned and
-- committed in the same order: a watcher that has seen revision N has seen everything before N.
CREATE TABLE revision_counter (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  revision bigint NOT NULL
);
INSERT INTO revision_counter (revision) VALUES (0);

CREATE TABLE namespaces (
  name    text PRIMARY KEY,
  version bigint NOT NULL,
  body    jsonb NOT NULL
);

CREATE TABLE zones (
  name    text PRIMARY KEY,
  version bigint NOT NULL,
  body    jsonb NOT NULL
);

CREATE TABLE clusters (
  name    text PRIMARY KEY,
  zone    text NOT NULL REFERENCES zones (name),
  state   text NOT NULL,
  version bigint NOT NULL,
  body    jsonb NOT NULL
);
CREATE INDEX clusters_zone ON clusters (zone);

CREATE TABLE event_types (
  namespace text NOT NULL REFERENCES namespaces (name),
  name      text NOT NULL,
  version   bigint NOT NULL,
  body      jsonb NOT NULL,
  PRIMARY KEY (namespace, name)
);

CREATE TABLE placements (
  namespace  text NOT NULL,
  event_type text NOT NULL,
  zone       text NOT NULL REFERENCES zones (name),
  cluster    text NOT NULL REFERENCES clusters (name),
  version    bigint NOT NULL,
  body       jsonb NOT NULL,
  PRIMARY KEY (namespace, event_type, zone),
  FOREIGN KEY (namespace, event_type) REFERENCES event_types (namespace, name)
);
CREATE INDEX placements_cluster ON placements (cluster);
CREATE INDEX placements_zone ON placements (zone);

-- The history: one row per committed change, in revision order.
CREATE TABLE changes (
  revision bigint PRIMARY KEY,
  kind     text NOT NULL,         -- namespace | zone | cluster | event_type | placement | schema
  entity   text NOT NULL,         -- e.g. event_type/mfp/FoodEntryCreated
  op       text NOT NULL,         -- put | delete
  actor    text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  body     jsonb NOT NULL
);
CREATE INDEX changes_entity ON changes (entity text_pattern_ops, revision);

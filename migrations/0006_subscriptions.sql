-- Subscriptions (issue 11): push delivery of event types to an HTTP endpoint by causeway-relay.
-- The full state is the protobuf JSON in `body`, as for every entity; the key, the zone and the
-- owner are columns for constraints and List filters. No signing secret is stored anywhere: only
-- the secrets' ids, from which topology and the relay derive them with their shared key.
CREATE TABLE subscriptions (
  name    text PRIMARY KEY,
  zone    text NOT NULL REFERENCES zones (name),
  -- The owning principal. Not a foreign key: in development mode the caller need not be a
  -- principal; deleting a principal that owns subscriptions is refused by the service.
  owner   text NOT NULL,
  version bigint NOT NULL,
  body    jsonb NOT NULL
);
CREATE INDEX subscriptions_zone ON subscriptions (zone);
CREATE INDEX subscriptions_owner ON subscriptions (owner);

-- The event types each subscription reads, one row each: an event type cannot be deleted while a
-- subscription names it (the service says which; the foreign key backs it), and
-- ListSubscriptions(namespace:<ns>) finds the subscriptions of a namespace.
CREATE TABLE subscription_event_types (
  name       text NOT NULL REFERENCES subscriptions (name) ON DELETE CASCADE,
  namespace  text NOT NULL,
  event_type text NOT NULL,
  PRIMARY KEY (name, namespace, event_type),
  FOREIGN KEY (namespace, event_type) REFERENCES event_types (namespace, name)
);
CREATE INDEX subscription_event_types_event_type ON subscription_event_types (namespace, event_type);

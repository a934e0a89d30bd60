-- Every event type writes to a topic of its own (issue 10, "one namespace writing into another's
-- topic"): PostgreSQL holds (cluster, topic) unique, and remembers which topics Causeway created
-- (or an admin adopted) for which event type, so that a placement refuses a topic that is not the
-- event type's. Zones' replication_factor and min_insync_replicas live in their JSON body; zones
-- created before this migration have neither (0: the broker's default, nothing verified) until an
-- admin sets them.

-- The placement's topic beside its key, for the constraint.
ALTER TABLE placements ADD COLUMN topic text;
UPDATE placements SET topic = body->>'topic';
ALTER TABLE placements ALTER COLUMN topic SET NOT NULL;

-- Two event types already sharing a topic cannot be told apart by any rule here: refuse to
-- migrate and name them, so that an operator moves or removes one (with the previous release)
-- before upgrading.
DO $$
DECLARE
  shared text;
BEGIN
  SELECT string_agg(format('topic "%s" on cluster "%s" is used by %s', topic, cluster, users), '; ')
  INTO shared
  FROM (SELECT cluster, topic,
               string_agg(format('%s/%s', namespace, event_type), ', ' ORDER BY namespace, event_type)
                 AS users
        FROM placements GROUP BY cluster, topic HAVING count(*) > 1) AS clashes;
  IF shared IS NOT NULL THEN
    RAISE EXCEPTION 'migration 0005 needs every event type in a topic of its own: %', shared
      USING HINT = 'move or remove all but one of each group of placements, then start again';
  END IF;
END $$;
CREATE UNIQUE INDEX placements_cluster_topic ON placements (cluster, topic);

-- Topics Causeway created or adopted for an event type. A row outlives the placement (the topic
-- and its data stay on the cluster when a placement moves away or is removed) and goes with its
-- event type or its cluster.
CREATE TABLE topics (
  cluster    text NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
  topic      text NOT NULL,
  namespace  text NOT NULL,
  event_type text NOT NULL,
  PRIMARY KEY (cluster, topic),
  FOREIGN KEY (namespace, event_type) REFERENCES event_types (namespace, name) ON DELETE CASCADE
);
CREATE INDEX topics_event_type ON topics (namespace, event_type);

-- Today's placements first, then the clusters event types were moved away from (the history has
-- every placement a Causeway created a topic for), earliest first, of the event type's current
-- life only (a deleted event type's topics were not its successor's).
INSERT INTO topics (cluster, topic, namespace, event_type)
SELECT cluster, topic, namespace, event_type FROM placements;
INSERT INTO topics (cluster, topic, namespace, event_type)
SELECT DISTINCT ON (ch.body->>'cluster', ch.body->>'topic')
       ch.body->>'cluster', ch.body->>'topic', ch.body->>'namespace', ch.body->>'event_type'
FROM changes ch
JOIN clusters cl ON cl.name = ch.body->>'cluster'
JOIN event_types et ON et.namespace = ch.body->>'namespace' AND et.name = ch.body->>'event_type'
WHERE ch.kind = 'placement' AND ch.op = 'put'
  AND ch.revision > (SELECT max(created.revision) FROM changes created
                     WHERE created.kind = 'event_type' AND created.op = 'put'
                       AND created.entity = format('event_type/%s/%s', et.namespace, et.name)
                       AND created.body->>'version' = '1')
ORDER BY ch.body->>'cluster', ch.body->>'topic', ch.revision
ON CONFLICT DO NOTHING;

-- Producers become principals (any identity: person or service) and grants become role bindings
-- (principal, role, scope). Existing rows migrate in place: a producer keeps its name, tokens and
-- certificate names as a principal; a grant (producer, namespace) becomes the binding
-- (producer, ROLE_PUBLISHER, namespace). The history is rewritten to the new kinds so that Watch
-- resumes and ListHistory read it with the new messages.
--
-- A role binding's namespace is '' for a global role; its reference to the namespace is checked by
-- the service (an empty namespace names none), so there is no foreign key on it.

ALTER TABLE producers RENAME TO principals;

CREATE TABLE role_bindings (
  principal text NOT NULL REFERENCES principals (name),
  role      text NOT NULL,
  namespace text NOT NULL,
  version   bigint NOT NULL,
  body      jsonb NOT NULL,
  PRIMARY KEY (principal, role, namespace)
);
CREATE INDEX role_bindings_namespace ON role_bindings (namespace);
CREATE INDEX role_bindings_role ON role_bindings (role);

-- The body of a grant as a role binding: same version and times, the producer as principal.
CREATE FUNCTION pg_temp.grant_as_binding(g jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'principal', g->'producer', 'role', 'ROLE_PUBLISHER', 'namespace', g->'namespace',
    'version', g->'version', 'create_time', g->'create_time', 'update_time', g->'update_time'))
$$;

INSERT INTO role_bindings (principal, role, namespace, version, body)
SELECT producer, 'ROLE_PUBLISHER', namespace, version, pg_temp.grant_as_binding(body) FROM grants;
DROP TABLE grants;

-- History: producer/<name> -> principal/<name>;
-- producer/<p>/grant/<ns> -> principal/<p>/role_binding/publisher/<ns>.
UPDATE changes SET kind = 'principal', entity = 'principal/' || substr(entity, length('producer/') + 1)
WHERE kind = 'producer';
UPDATE changes
SET kind = 'role_binding',
    entity = 'principal/' || (body->>'producer') || '/role_binding/publisher/' || (body->>'namespace'),
    body = pg_temp.grant_as_binding(body)
WHERE kind = 'grant';

-- What a change did beyond the entity's new state: for a schema activation forced past
-- subscriptions' reader schemas, {"brokenSubscriptions": [...]} (Change.broken_subscriptions as
-- protobuf JSON). NULL for every other change.
ALTER TABLE changes ADD COLUMN detail jsonb;

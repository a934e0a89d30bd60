-- The archiver's progress (issue 13): what of each partition is archived, and in which files.
-- One row per partition of an archived zone: archiving resumes at next_offset, and only the
-- writer holding the current generation may advance it (every assignment bumps the generation,
-- so a writer that lost its partition without knowing is fenced).
CREATE TABLE archive_partitions (
  zone         text    NOT NULL,
  cluster      text    NOT NULL,
  topic        text    NOT NULL,
  partition    integer NOT NULL CHECK (partition >= 0),
  next_offset  bigint  NOT NULL CHECK (next_offset >= 0),
  generation   bigint  NOT NULL CHECK (generation > 0),
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz,
  PRIMARY KEY (zone, cluster, topic, partition)
);

-- Every committed archive file (its manifest row), inserted in the same transaction that
-- advances its partition's next_offset: a file without a row here is an orphan.
CREATE TABLE archive_files (
  object_key    text    PRIMARY KEY,
  zone          text    NOT NULL,
  cluster       text    NOT NULL,
  topic         text    NOT NULL,
  partition     integer NOT NULL,
  namespace     text    NOT NULL,
  event_type    text    NOT NULL,
  schema_id     integer NOT NULL,
  hour          timestamptz NOT NULL,
  first_offset  bigint  NOT NULL,
  last_offset   bigint  NOT NULL,
  records       bigint  NOT NULL CHECK (records > 0),
  bytes         bigint  NOT NULL CHECK (bytes > 0),
  sha256        text    NOT NULL,
  min_timestamp timestamptz NOT NULL,
  max_timestamp timestamptz NOT NULL,
  generation    bigint  NOT NULL,
  committed_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (first_offset <= last_offset),
  FOREIGN KEY (zone, cluster, topic, partition) REFERENCES archive_partitions
);
CREATE INDEX archive_files_by_hour ON archive_files (zone, namespace, event_type, hour);
CREATE INDEX archive_files_by_partition ON archive_files (zone, cluster, topic, partition, first_offset);

-- Offsets retention deleted before they were archived: [from_offset, to_offset).
CREATE TABLE archive_gaps (
  zone        text    NOT NULL,
  cluster     text    NOT NULL,
  topic       text    NOT NULL,
  partition   integer NOT NULL,
  from_offset bigint  NOT NULL,
  to_offset   bigint  NOT NULL,
  generation  bigint  NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_offset < to_offset),
  PRIMARY KEY (zone, cluster, topic, partition, from_offset),
  FOREIGN KEY (zone, cluster, topic, partition) REFERENCES archive_partitions
);

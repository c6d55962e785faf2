import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workflow's own tables: its projection of records' customers (only what routing, completeness
 * checks, reminders and the weekly cycle need), reviews, notifications and outbound webhooks.
 */
export class Workflow1732700000000 implements MigrationInterface {
  name = 'Workflow1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE team ADD COLUMN due_soon_lead_minutes integer NOT NULL DEFAULT 120`);
    await q.query(`CREATE TABLE wf_customer (
      id text PRIMARY KEY,
      team_id text NOT NULL,
      owner_id text NOT NULL,
      name text NOT NULL DEFAULT '',
      kind text NOT NULL DEFAULT '',
      industry_code text NOT NULL DEFAULT '',
      source_channel text NOT NULL DEFAULT '',
      first_contact_date text,
      contact_count integer,
      stage text NOT NULL DEFAULT 'LEAD_NURTURING',
      -- Records' aggregate version of the customer (the newest seen), and per part the version that
      -- last set it, so that events applied out of order never regress state.
      version integer NOT NULL DEFAULT 0,
      facts_version integer NOT NULL DEFAULT 0,
      stage_version integer NOT NULL DEFAULT 0,
      contacts_version integer NOT NULL DEFAULT 0,
      last_changed_at timestamptz NOT NULL,
      archived_at timestamptz
    )`);
    await q.query(`CREATE INDEX wf_customer_team ON wf_customer (team_id, last_changed_at)`);
    await q.query(`CREATE TABLE wf_stage_change (
      event_id uuid PRIMARY KEY,
      customer_id text NOT NULL,
      from_stage text,
      to_stage text NOT NULL,
      at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX wf_stage_change_customer ON wf_stage_change (customer_id, at)`);
    await q.query(`CREATE TABLE wf_interaction (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      team_id text NOT NULL,
      owner_id text NOT NULL,
      author_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      logged_at timestamptz NOT NULL,
      logged_late boolean NOT NULL,
      next_action_id text
    )`);
    await q.query(`CREATE INDEX wf_interaction_customer ON wf_interaction (customer_id, occurred_at)`);
    await q.query(`CREATE INDEX wf_interaction_team_logged ON wf_interaction (team_id, logged_at)`);
    await q.query(`CREATE TABLE wf_next_action (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      team_id text NOT NULL,
      owner_id text NOT NULL,
      content text NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'OPEN',
      version integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX wf_next_action_customer ON wf_next_action (customer_id)`);
    await q.query(`CREATE INDEX wf_next_action_open ON wf_next_action (due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE TABLE wf_need (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE INDEX wf_need_customer ON wf_need (customer_id)`);
    await q.query(`CREATE TABLE wf_pain_point (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      need_ids jsonb NOT NULL DEFAULT '[]',
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE INDEX wf_pain_point_customer ON wf_pain_point (customer_id)`);

    await q.query(`CREATE TABLE review (
      id uuid PRIMARY KEY,
      customer_id text NOT NULL,
      team_id text NOT NULL,
      submitted_by text NOT NULL,
      reviewer_id text NOT NULL,
      status text NOT NULL,
      findings jsonb NOT NULL DEFAULT '[]',
      note text,
      comments text,
      customer_version integer NOT NULL,
      submitted_at timestamptz NOT NULL,
      decided_at timestamptz,
      routed_version integer,
      version integer NOT NULL DEFAULT 1
    )`);
    // One pending review per customer: a resubmission updates it.
    await q.query(`CREATE UNIQUE INDEX review_one_pending ON review (customer_id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX review_customer ON review (customer_id, submitted_at)`);
    await q.query(`CREATE INDEX review_reviewer ON review (reviewer_id, status)`);

    await q.query(`CREATE TABLE notification (
      id uuid PRIMARY KEY,
      recipient_id text NOT NULL,
      team_id text,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      customer_id text,
      dedupe_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      emailed_at timestamptz
    )`);
    await q.query(`CREATE INDEX notification_recipient ON notification (recipient_id, created_at DESC)`);

    await q.query(`CREATE TABLE webhook (
      id uuid PRIMARY KEY,
      team_id text NOT NULL UNIQUE,
      url text NOT NULL,
      secret text NOT NULL,
      active boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE webhook_delivery (
      id uuid PRIMARY KEY,
      webhook_id uuid NOT NULL REFERENCES webhook (id),
      team_id text NOT NULL,
      notification_id uuid NOT NULL REFERENCES notification (id),
      url text NOT NULL,
      body text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      replays integer NOT NULL DEFAULT 0,
      last_error text,
      response_status integer,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      failed_at timestamptz,
      UNIQUE (webhook_id, notification_id)
    )`);
    await q.query(`CREATE INDEX webhook_delivery_status ON webhook_delivery (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'webhook_delivery',
      'webhook',
      'notification',
      'review',
      'wf_pain_point',
      'wf_need',
      'wf_next_action',
      'wf_interaction',
      'wf_stage_change',
      'wf_customer',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE team DROP COLUMN IF EXISTS due_soon_lead_minutes`);
  }
}

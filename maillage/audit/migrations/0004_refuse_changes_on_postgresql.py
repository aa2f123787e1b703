"""On PostgreSQL, the database itself refuses to change or delete an audit row.

The ORM already refuses (AppendOnlyError); this trigger also stops raw SQL and any code path
that bypasses the model. TRUNCATE is refused too, except in a database whose name starts with
``test_``: Django's test databases, which ``flush`` (live_server, transactional tests) empties
with TRUNCATE between tests. See docs/decisions/0007-audit-rows-cannot-change.md.

SQLite has no such trigger here: there, the hash chain makes a change detectable instead.
"""

from django.db import migrations

INSTALL = r"""
CREATE OR REPLACE FUNCTION maillage_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION maillage_audit_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_database() LIKE 'test\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events cannot be deleted (TRUNCATE refused)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER maillage_audit_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION maillage_audit_refuse_change();

CREATE TRIGGER maillage_audit_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION maillage_audit_refuse_truncate();
"""

REMOVE = """
DROP TRIGGER IF EXISTS maillage_audit_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS maillage_audit_no_update_or_delete ON audit_auditevent;
DROP FUNCTION IF EXISTS maillage_audit_refuse_truncate();
DROP FUNCTION IF EXISTS maillage_audit_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the SQL holds % signs of its own (plpgsql, LIKE).
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_seal_existing_events"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(REMOVE), elidable=False),
    ]

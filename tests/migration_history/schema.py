"""The schema of a SQLite database as comparable data: per table its columns, indexes,
unique and foreign-key constraints, independent of column order and of the names SQLite
gives automatic indexes (a table rebuilt by a later migration renumbers them)."""

import sqlite3


def schema_of_file(path) -> dict:
    """`schema()` of the SQLite file at `path`, opened read-only."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return schema(db)
    finally:
        db.close()


def schema(db) -> dict:
    """`{table: {"columns": {...}, "indexes": [...], "foreign_keys": [...]}}` of the SQLite
    database behind the DB-API connection `db`; virtual (full-text) tables by their SQL,
    their shadow tables as tables."""
    tables = {}
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for table, sql in rows:
        if sql.upper().startswith("CREATE VIRTUAL TABLE"):
            tables[table] = {"virtual": sql}
            continue
        columns = {
            name: [kind.upper(), bool(notnull), default, pk]
            for _cid, name, kind, notnull, default, pk in db.execute(
                f'PRAGMA table_info("{table}")'
            )
        }
        indexes = []
        for _seq, name, unique, origin, partial in db.execute(f'PRAGMA index_list("{table}")'):
            cols = [c[2] for c in db.execute(f'PRAGMA index_xinfo("{name}")') if c[5]]
            where = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()
            indexes.append(
                [
                    None if name.startswith("sqlite_autoindex_") else name,
                    bool(unique),
                    origin,
                    bool(partial),
                    [str(c) for c in cols],
                    where[0] if where and where[0] else None,
                ]
            )
        foreign_keys = sorted(
            [row[2], row[3], row[4], row[5], row[6]]  # table, from, to, on update/delete
            for row in db.execute(f'PRAGMA foreign_key_list("{table}")')
        )
        tables[table] = {
            "columns": columns,
            "indexes": sorted(indexes, key=repr),
            "foreign_keys": foreign_keys,
        }
    return tables

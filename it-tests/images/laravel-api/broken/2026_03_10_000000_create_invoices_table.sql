-- The broken release: the foreign key names a table that does not exist, so PostgreSQL
-- refuses the migration and the transaction rolls back.
CREATE TABLE invoices (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES customers (id),
    amount_cents INTEGER NOT NULL
);

CREATE TABLE orders (
    id BIGSERIAL PRIMARY KEY,
    customer VARCHAR(100) NOT NULL,
    total_cents INTEGER NOT NULL
);

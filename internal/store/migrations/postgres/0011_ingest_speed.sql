-- Ingestion speed: secondary indexes of customers that no query uses.
-- Customers are found by identities (email and phone included) and searched
-- through customer_terms; these three only cost every new customer three
-- more b-tree inserts, and every identify that names a person their moves.
DROP INDEX customers_email;
DROP INDEX customers_phone;
DROP INDEX customers_name;

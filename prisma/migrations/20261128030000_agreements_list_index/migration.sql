-- The unfiltered agreements list (admin) walks this index in page order instead of sorting the table.
CREATE INDEX "agreements_created_at_id_idx" ON "agreements"("created_at", "id");

-- Trigram indexes for the queue's substring search (trusted extension: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "review_items" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "review_items_queue_order_idx" ON "review_items" USING btree ("due_at",(case "priority" when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end),"id") WHERE "review_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX "review_items_search_idx" ON "review_items" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
-- The queue searches customer email, subject and order numbers; one line each, so a search never matches
-- across two of them. Filled on insert from the conversation and the triage (written first, same transaction).
CREATE OR REPLACE FUNCTION review_items_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT concat_ws(E'\n', c.customer_email, c.subject, array_to_string(t.order_numbers, ' '))
    INTO NEW.search_text
    FROM conversations c LEFT JOIN triage_results t ON t.message_id = NEW.message_id
   WHERE c.id = NEW.conversation_id;
  NEW.search_text := coalesce(NEW.search_text, '');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER review_items_search_text BEFORE INSERT ON review_items
  FOR EACH ROW EXECUTE FUNCTION review_items_search_text();--> statement-breakpoint
UPDATE review_items r
   SET search_text = coalesce((
     SELECT concat_ws(E'\n', c.customer_email, c.subject, array_to_string(t.order_numbers, ' '))
       FROM conversations c LEFT JOIN triage_results t ON t.message_id = r.message_id
      WHERE c.id = r.conversation_id), '');

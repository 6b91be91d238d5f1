ALTER TABLE "messages" ADD COLUMN "bcc_addresses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "signature_text" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "signature_html" text;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "to_addresses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "bcc_addresses" text[] DEFAULT '{}'::text[] NOT NULL;
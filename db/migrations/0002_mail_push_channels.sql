CREATE TABLE "mail_push_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"client_state" text,
	"expires_at" timestamp with time zone NOT NULL,
	"last_notification_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_push_channels" ADD CONSTRAINT "mail_push_channels_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_push_channels_mailbox_uq" ON "mail_push_channels" USING btree ("mailbox_id");
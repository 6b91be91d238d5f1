import { Badge, type BadgeProps } from "@mantine/core";
import type { DecisionAction, ReviewListItem, ShipmentView } from "../../../server/api/types.ts";
import {
  actionColors,
  actionLabels,
  humanize,
  itemStatusColors,
  priorityColors,
  standingColors,
} from "../labels.ts";

export function ActionBadge({ action, ...props }: { action: DecisionAction | null } & BadgeProps) {
  if (action === null) {
    return (
      <Badge color="gray" variant="outline" {...props}>
        Triaging
      </Badge>
    );
  }
  return (
    <Badge color={actionColors[action]} {...props}>
      {actionLabels[action]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: ReviewListItem["priority"] }) {
  return (
    <Badge color={priorityColors[priority]} variant={priority === "urgent" ? "filled" : "outline"}>
      {priority}
    </Badge>
  );
}

export function ItemStatusBadge({ status }: { status: ReviewListItem["status"] }) {
  return (
    <Badge data-testid="item-status" color={itemStatusColors[status]} size="lg">
      {status}
    </Badge>
  );
}

export function ShipmentStateBadge({ shipment }: { shipment: ShipmentView }) {
  const standing = shipment.standing;
  const label = standing === "late" ? `${humanize(shipment.state)} · late` : humanize(shipment.state);
  return (
    <Badge color={standingColors[standing]} variant="light" title={shipment.standingReason}>
      {label}
    </Badge>
  );
}

/** Intent and language side by side, as the queue and the mail list show them. */
export function TriageBadges({ intent, language }: { intent: string | null; language: string | null }) {
  return (
    <>
      {intent && (
        <Badge variant="light" color="indigo">
          {humanize(intent)}
        </Badge>
      )}
      {language && (
        <Badge variant="outline" color="gray.8">
          {language}
        </Badge>
      )}
    </>
  );
}

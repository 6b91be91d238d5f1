import { Button, Chip, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { RedraftPreset, RedraftRequest } from "../../../server/api/types.ts";

const presets: { value: RedraftPreset; label: string }[] = [
  { value: "shorter", label: "Shorter" },
  { value: "more_formal", label: "More formal" },
  { value: "apologise", label: "Apologise" },
  { value: "offer_replacement", label: "Offer a replacement" },
];

/** "Regenerate": quick asks as chips, or the person's own words, for the model to write the reply again. */
export function RedraftPanel({
  busy,
  onRedraft,
}: {
  busy: boolean;
  onRedraft: (request: RedraftRequest) => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [instruction, setInstruction] = useState("");
  const empty = chosen.length === 0 && instruction.trim() === "";
  return (
    <Stack gap="xs" data-testid="redraft-panel">
      <Text size="sm" fw={500}>
        Regenerate the reply
      </Text>
      <Chip.Group multiple value={chosen} onChange={setChosen}>
        <Group gap="xs">
          {presets.map((preset) => (
            <Chip key={preset.value} value={preset.value} size="xs" data-testid={`redraft-${preset.value}`}>
              {preset.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          data-testid="redraft-instruction"
          label="Or say how"
          placeholder="e.g. mention that the warehouse closes at 5"
          value={instruction}
          onChange={(event) => setInstruction(event.currentTarget.value)}
          style={{ flex: 1, minWidth: 180 }}
        />
        <Button
          data-testid="redraft-submit"
          variant="light"
          loading={busy}
          disabled={busy || empty}
          onClick={() =>
            onRedraft({
              presets: chosen as RedraftPreset[],
              ...(instruction.trim() ? { instruction: instruction.trim() } : {}),
            })
          }
        >
          Regenerate
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        The reply is written again from the same email and order facts; the checks run again. Your edits in
        the box above are replaced.
      </Text>
    </Stack>
  );
}

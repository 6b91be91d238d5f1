import { Box, Button, Group, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import type { MessageView } from "../../../server/api/types.ts";
import "./MessageBody.css";

/**
 * A message's body: the server's sanitised HTML when it has one (scripts, styles, forms and handlers are
 * already gone), else its text. Remote images arrive as `data-remote-src` and load only after "Show
 * images", per message — a tracking pixel would tell the sender who read the mail, and when.
 */
export function MessageBody({ message }: { message: MessageView }) {
  const container = useRef<HTMLDivElement>(null);
  const [imagesShown, setImagesShown] = useState(false);
  const { html } = message;

  useEffect(() => {
    if (!imagesShown || !html) return;
    for (const image of container.current?.querySelectorAll<HTMLImageElement>("img[data-remote-src]") ?? []) {
      const source = image.dataset.remoteSrc ?? "";
      if (/^https?:\/\//i.test(source)) image.src = source;
    }
  }, [imagesShown, html]);

  if (!html) {
    return (
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="message-text">
        {message.text}
      </Text>
    );
  }
  return (
    <>
      {message.remoteImages > 0 && !imagesShown && (
        <Group gap="xs" mb="xs" data-testid="images-blocked">
          <Text size="xs" c="dimmed">
            {message.remoteImages === 1 ? "1 remote image is" : `${message.remoteImages} remote images are`}{" "}
            hidden.
          </Text>
          <Button size="compact-xs" variant="default" onClick={() => setImagesShown(true)}>
            Show images
          </Button>
        </Group>
      )}
      <Box
        ref={container}
        data-testid="message-html"
        fz="sm"
        style={{ overflowWrap: "anywhere", overflowX: "auto", maxWidth: "100%" }}
        className="message-html"
        // Sanitised on the server (displayHtml); nothing here runs or loads on its own.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side, see above
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </>
  );
}

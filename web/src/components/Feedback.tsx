import { Alert, Center, Loader } from "@mantine/core";

export function ErrorAlert({ message, title = "Something went wrong" }: { message: string; title?: string }) {
  return (
    <Alert color="red" title={title} variant="light">
      {message}
    </Alert>
  );
}

export function PageLoader() {
  return (
    <Center py="xl">
      <Loader />
    </Center>
  );
}

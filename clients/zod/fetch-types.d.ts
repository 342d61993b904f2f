// The generated fetch client names the DOM's global `BodyInit`. This project compiles for Node (lib
// ES2023, no DOM), where @types/node declares fetch, `RequestInit` and `Response` but not that name.
type BodyInit = NonNullable<RequestInit['body']>;

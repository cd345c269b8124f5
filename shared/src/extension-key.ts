/**
 * The extension's public key (manifest `key`). It fixes the extension id, which the native host
 * manifest must name in `allowed_origins`. Only the public half exists; an unpacked or self-built
 * extension needs no private key. The id is derived from it (see native-host/src/install/extension-id.ts).
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3YDEjlE8dffpoSGL3ioYqx3kNtkPt2JqeZDiwz0Tdf6Etb9FzubP6eS+w7tNwidyazg+kksjEa7h5zWkQMXf6MMiJ4Yy497bA1HDgbK3RkcZhXl8Sv1oZhiFBBML1VAd8nmCC4eTYUMqg0ZuDjXnAFE3VOZm3Gu/VshwBW1XsbbCgS2kLHPtJMB40p9W/k5dtTzADp6/grreVsP3rztc7t3RJmaKJm6/F0HoGhiiAwLDiKcnpWhW5Fndd4wzrj2glWYhtI7U+E9GntLbxV4FEnc8oVyEdoB8gEXGLWGw0RemJmbLvYdw2WMHYUObn48ArkhGUvwaW7hO1sARqv89zwIDAQAB';

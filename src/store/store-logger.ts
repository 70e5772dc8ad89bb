/** The slice of a pino logger the store uses. */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOGGER: StoreLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

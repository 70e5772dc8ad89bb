/** The longest SKU every entry point accepts (requests, the network file, scenarios, history). */
export const MAX_SKU_LENGTH = 128;

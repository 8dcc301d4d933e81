import { createMemoryStore } from "../../src/store/memory.js";
import { storeContract } from "./contract.js";

storeContract("memory", {
  durable: false,
  harness: async () => ({ open: async (clock) => createMemoryStore({ clock }), cleanup: async () => undefined }),
});

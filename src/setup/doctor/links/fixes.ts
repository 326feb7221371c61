/** The fix doctor names for a link that setup manages: running setup again (or doctor --fix). */
export const SETUP_FIX = "flowwatch setup (or doctor --fix)";

/** Which SKA telescope is simulated. (Its own module so that the names and the shared types both import it.) */
export type Telescope = 'mid' | 'low';

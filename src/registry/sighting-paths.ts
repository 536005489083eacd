/** The photo a sighting was identified from (served by the identification's media routes). */
export const sightingPhotoPath = (id: string) => `/media/sightings/${id}`;

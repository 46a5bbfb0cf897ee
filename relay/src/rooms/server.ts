// Collaboration rooms: one PartyKit room per flow, syncing its Y.Doc with y-partykit.
// Built by the collaboration issue; the file exists so partykit.json names a real entry point.
export default {};

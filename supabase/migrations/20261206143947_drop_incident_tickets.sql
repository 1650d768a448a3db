-- Tickets are linked to incidents when they are looked at (the customer's routers and the incident's time), so the link table was never written.
DROP TABLE "incident_tickets" CASCADE;
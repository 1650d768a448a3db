-- FreeRADIUS's per-request reads as functions (lib/radius/freeradius-queries.ts calls them). rlm_sql_postgresql sends
-- each query as text, so Postgres parsed and planned every statement of every Access-Request; PL/pgSQL keeps each
-- statement's plan for the life of the connection, and planning was most of Postgres's time per request. Each takes
-- the packet's source address (which NAS, so which ISP) and the user name, and reads only that ISP's rows. They run
-- with the caller's rights (FreeRADIUS's role). radius.decrypt_iv is made by `npm run radius:setup`; the key is the
-- caller's, passed on each call as before, never stored in the database.
CREATE FUNCTION radius.authorize_check(source text, name text, key bytea)
RETURNS TABLE (id integer, username text, attribute text, value text, op text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT c.id, c.username, c.attribute,
    CASE WHEN c.encrypted THEN convert_from(radius.decrypt_iv(substring(decode(c.value, 'base64') FROM 17), key,
      substring(decode(c.value, 'base64') FROM 1 FOR 16), 'aes-cbc/pad:pkcs'), 'UTF8') ELSE c.value END,
    c.op
  FROM radius.radcheck c
  WHERE c.tenant_id = (SELECT n.tenant_id FROM radius.nas n WHERE n.nasname = source) AND c.username = name
  ORDER BY c.id;
END $$;--> statement-breakpoint
-- The user's own reply items, then those of the user's groups in priority order (rlm_sql's group pass is off).
CREATE FUNCTION radius.authorize_reply(source text, name text)
RETURNS TABLE (id integer, owner text, attribute text, value text, op text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  isp uuid := (SELECT n.tenant_id FROM radius.nas n WHERE n.nasname = source);
BEGIN
  RETURN QUERY
  SELECT r.id, r.username, r.attribute, r.value, r.op FROM radius.radreply r
  WHERE r.tenant_id = isp AND r.username = name ORDER BY r.id;
  RETURN QUERY
  SELECT r.id, r.groupname, r.attribute, r.value, r.op FROM radius.radusergroup g
  JOIN radius.radgroupreply r ON r.tenant_id = g.tenant_id AND r.groupname = g.groupname
  WHERE g.tenant_id = isp AND g.username = name ORDER BY g.priority, r.id;
END $$;--> statement-breakpoint
-- Simultaneous-Use: the ISP's open sessions of the user, leaving out those whose NAS has been silent for three
-- interim intervals (a stale session of a router that lost power must not lock its subscriber out).
CREATE FUNCTION radius.open_sessions(source text, name text)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
  isp uuid := (SELECT n.tenant_id FROM radius.nas n WHERE n.nasname = source);
BEGIN
  RETURN (
    SELECT count(*) FROM radius.radacct a
    LEFT JOIN radius.nas n ON n.nasname = host(a.nasipaddress) AND n.tenant_id = a.tenant_id
    WHERE a.tenant_id = isp AND a.username = name AND a.acctstoptime IS NULL
      AND COALESCE(a.acctupdatetime, a.acctstarttime) > now() - make_interval(secs => 3 * COALESCE(n.interim_seconds, 300))
  );
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION radius.authorize_check(text, text, bytea), radius.authorize_reply(text, text), radius.open_sessions(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION radius.authorize_check(text, text, bytea), radius.authorize_reply(text, text), radius.open_sessions(text, text) TO netsphere_radius;

-- Fill the standing columns of 191 from the scorecards written before.
UPDATE scorecards SET tier = COALESCE(body::json->>'tier', ''),
    tier_size = COALESCE((body::json->>'tier_size')::integer, 0),
    percentile = COALESCE((body::json->>'percentile')::double precision, 0);

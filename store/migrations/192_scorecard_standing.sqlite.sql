-- Fill the standing columns of 191 from the scorecards written before.
UPDATE scorecards SET tier = COALESCE(json_extract(body, '$.tier'), ''),
    tier_size = COALESCE(json_extract(body, '$.tier_size'), 0),
    percentile = COALESCE(json_extract(body, '$.percentile'), 0);

-- Understanding people's own words: a call-back request carries where the conversation stood
-- and what was understood; a help request keeps the day (and time) the person asked for.

ALTER TABLE callback_requests ADD COLUMN context TEXT;
ALTER TABLE help_requests ADD COLUMN wanted_on TEXT;

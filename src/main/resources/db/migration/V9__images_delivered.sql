-- Users pay for the images they receive: a completed task's charge covers only the images it delivered (an image
-- the provider's safety check withheld has no URL and is not charged). The count is kept beside the charge so a
-- usage record says what was paid for; NULL until the task ends.
ALTER TABLE tasks ADD COLUMN images_delivered int;

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadStoredImage } from '../../store/datasetsStore';

/** One stored image as a thumbnail; its object URL is released when it leaves the screen. */
export function StoredThumbnail({ datasetId, imageId, alt }: { datasetId: string; imageId: number; alt: string }) {
  const { t } = useTranslation('data');
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    void loadStoredImage(datasetId, imageId).then((image) => {
      if (!live) return;
      if (!image) { setMissing(true); return; }
      objectUrl = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.type }));
      setUrl(objectUrl);
    });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [datasetId, imageId]);
  if (missing) return <span className="thumbnail missing" role="img" aria-label={t('thumbnail.missing', { alt })}>?</span>;
  return url ? <img className="thumbnail" src={url} alt={alt} /> : <span className="thumbnail" aria-hidden="true" />;
}
